// Issue 22 §6–7 in the browser: two generated nights of backup01 pulling the DMZ servers over SSH
// (01:30 UTC, as the `backup` service account) and the network-exfil attack's lateral SSH. The
// overview lists the backup pairs under "Quieted as routine", each with its reason in words; the
// attacker's pairs are not there. The frozen report carries the same section.
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, test } from '@playwright/test';
import { generateScenario } from '../lib/generate/generate-scenario';
import { sectionScreenshot, waitForReady } from './helpers';

const DATA = path.join(import.meta.dirname, '..', 'test-results', 'quieted-routine');
const REASON = /^logins as backup \(uid 998, a system account\) in web01's auth\.log; same time of day on 2 days \(01:3\d UTC ± \d+ min\)$/;

async function expectBackupPairs(section: Locator): Promise<void> {
  const pairs = section.getByTestId('quieted-pair');
  await expect(pairs).toHaveCount(3);
  await expect(pairs.first()).toContainText('backup01 (10.20.2.12) → web01 (10.20.1.10) SSH:22, 2 sessions');
  await expect(pairs.first()).toContainText('2026-03-02 01:30');
  await expect(pairs.first().getByTestId('quieted-reason')).toHaveText(REASON);
  for (const host of ['mail01', 'jump01']) await expect(section).toContainText(`in ${host}'s auth.log`);
  // The appliance's root logins on the servers are lateral movement, never routine.
  await expect(section).not.toContainText('10.20.1.250');
}

test('the overview shows the pairs quieted as routine, each with its reason', async ({ page }) => {
  test.setTimeout(300_000);
  fs.rmSync(DATA, { recursive: true, force: true });
  const out = await generateScenario({ outDir: DATA, hosts: 8, days: 1.25, seed: 3, start: '2026-03-02T00:00:00Z', attacks: ['network-exfil'] });
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(`E2E quieted routine ${Date.now()}`);
  await page.getByLabel('Log bundle').setInputFiles(out.files.logs);
  await page.getByLabel('Flow export').setInputFiles(out.files.flows[0] as string);
  await page.getByLabel('Inventory (optional)').setInputFiles(out.files.inventory);
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
  await waitForReady(page);

  const section = page.getByRole('region', { name: 'Quieted as routine' });
  await expect(section).toBeVisible();
  await expectBackupPairs(section);
  await sectionScreenshot(section, 'quieted-routine');
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(page.locator('html')).toHaveClass(/dark/);
  await sectionScreenshot(section, 'quieted-routine-dark');
  await page.getByRole('button', { name: 'Dark mode' }).click();
  await expect(page.locator('html')).not.toHaveClass(/dark/);

  // Frozen into the report with the rest of the overview.
  await page.getByRole('button', { name: 'Create report' }).click();
  await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
  await expectBackupPairs(page.getByRole('region', { name: 'Quieted as routine' }));
});
