// The appliance-exfil recording uploaded through the UI (logs + nfdump CSV, no inventory): the
// appliance that sends no logs is named first among the blind spots, in a sentence, and its
// telnet is listed as an exposure under the coverage chart.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForReady } from './helpers';

const RECORDING = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'recordings', 'appliance-exfil');
const shots = path.join(import.meta.dirname, '..', 'test-results', 'appliance-exfil');

test('the silent appliance is named first, in words, and its telnet is an exposure', async ({ page }) => {
  test.setTimeout(300_000);
  fs.mkdirSync(shots, { recursive: true });
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(`E2E appliance-exfil ${Date.now()}`);
  await page.getByLabel('Log bundle').setInputFiles(path.join(RECORDING, 'logbundle.tar.gz'));
  await page.getByLabel('Flow export').setInputFiles(path.join(RECORDING, 'flows.csv'));
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
  await waitForReady(page);
  const id = page.url().split('/').pop() as string;

  // The answer says it in a sentence.
  await expect(page.getByTestId('answer-blind-spots')).toContainText('10.40.0.5');
  const exposures = page.getByTestId('exposure');
  await expect(exposures).toHaveCount(1);
  await expect(exposures.first()).toContainText('10.40.0.5:23 (telnet) answers the internet: 1 session from 192.0.2.66, right after a scan');
  await page.getByTestId('answer').screenshot({ path: path.join(shots, 'answer.png') });
  await page
    .locator('#coverage-heading')
    .locator('..')
    .screenshot({ path: path.join(shots, 'coverage-exposures.png') });

  await page.goto(`/assessments/${id}/blind-spots`);
  const first = page.getByTestId('blind-spot').first();
  await expect(first).toContainText('10.40.0.5');
  await expect(first).toContainText(/takes part in \d+ activities, among them the first of the chain, and sends no logs/);
  await page.screenshot({ path: path.join(shots, 'blind-spots.png'), fullPage: true });
});
