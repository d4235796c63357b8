// The advice section on an assessment of a network with several gaps at once: no auditd, one
// host keeping its syslog in the journal, logs rotated after a few hours, web servers without
// access logs and only the DMZ firewall's sampled flow export. Each kind the data can count is
// listed with its exact lines, ranked by the activities it would have made visible.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { DEMO_OPTIONS } from '../lib/generate/demo';
import { generateScenario } from '../lib/generate/generate-scenario';
import { cliJson, e2eDataDir } from './helpers';

const shots = path.join(import.meta.dirname, '..', 'docs', 'screenshots');

test('the advice section lists each kind the data counts, ranked, with its configuration lines', async ({ page }) => {
  test.setTimeout(300_000);
  const out = path.join(e2eDataDir, 'advice');
  const g = await generateScenario({
    outDir: out,
    ...DEMO_OPTIONS,
    attacks: [...DEMO_OPTIONS.attacks],
    sources: { retentionDays: 0.15, journalOnly: ['db01'] },
  });
  const logs = `${g.files.logsDir}-no-audit`;
  fs.cpSync(g.files.logsDir, logs, { recursive: true, preserveTimestamps: true });
  for (const host of fs.readdirSync(logs)) fs.rmSync(path.join(logs, host, 'var', 'log', 'audit'), { recursive: true, force: true });
  const doc = cliJson(['--logs', logs, '--flows', g.files.flows[1] as string, '--inventory', g.files.inventory, '--name', `Gaps ${Date.now()}`]) as unknown as {
    assessmentId: string;
    advice: { kind: string; activitiesGained: number }[];
  };
  const kinds = new Set(doc.advice.map((a) => a.kind));
  expect(kinds.size).toBeGreaterThanOrEqual(3);
  const gains = doc.advice.map((a) => a.activitiesGained);
  expect(gains).toEqual([...gains].sort((a, b) => b - a));

  await page.goto(`/assessments/${doc.assessmentId}`);
  const advice = page.locator('section', { has: page.getByRole('heading', { name: 'Advice that closes gaps, counted on this data' }) });
  await expect(advice.getByTestId('advice').getByRole('listitem')).toHaveCount(doc.advice.length);
  await advice.screenshot({ path: path.join(shots, 'advice-kinds.png') });
});
