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

test('the ~/.ssh watch advice: its exact line and the evidence-to-detection gain, on the assessment, the report and the share page', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  // db01's auditd runs with no rules: the planted key's login is in its auth.log, the key write nowhere;
  // nor do jump01's, where the attacker's ssh ran (its execve would detect the login from the client's side).
  const g = await generateScenario({
    outDir: path.join(e2eDataDir, 'advice-ssh-keys'),
    hosts: 8,
    days: 0.25,
    seed: 7,
    start: DEMO_OPTIONS.start,
    attacks: ['post-exploit'],
    sources: { auditNoRules: ['db01', 'jump01'] },
  });
  const doc = cliJson([
    '--logs',
    g.files.logsDir,
    '--flows',
    g.files.flows[0] as string,
    '--inventory',
    g.files.inventory,
    '--name',
    `Keys ${Date.now()}`,
  ]) as unknown as {
    assessmentId: string;
    advice: { kind: string; host: string; lines: string[]; gain?: string }[];
  };
  const watch = doc.advice.find((a) => a.kind === 'auditd-ssh-key-watch');
  expect(watch?.host).toBe('db01');
  expect(watch?.gain).toBe('detected');
  const line = '-w /home/deploy/.ssh -p wa -k userkey';
  expect(watch?.lines).toContain(line);

  await page.goto(`/assessments/${doc.assessmentId}`);
  const item = (p: typeof page) => p.getByTestId('advice').getByRole('listitem').filter({ hasText: 'Watch the ~/.ssh folder of deploy on db01' });
  await expect(item(page)).toContainText(line);
  await expect(item(page)).toContainText('detected by the logs (held only as evidence today)');

  await page.getByRole('button', { name: 'Create report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  await expect(item(page)).toContainText(line);
  const form = page.getByRole('form', { name: 'New share link' });
  await form.getByRole('button', { name: 'Create share link' }).click();
  const url = await page.getByRole('textbox', { name: 'New share link URL' }).inputValue();
  const anon = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const viewer = await anon.newPage();
  await viewer.goto(url);
  await expect(item(viewer)).toContainText(line);
  await expect(item(viewer)).toContainText('detected by the logs (held only as evidence today)');
  await anon.close();
});
