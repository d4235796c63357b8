import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForReady } from './helpers';

const RECORDING = path.join(import.meta.dirname, '..', 'test', 'fixtures', 'recordings', 'webshop-intrusion');

test('without an inventory, each host shows where its name and address came from, with the records that justify them', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('/');
  await page.getByRole('textbox', { name: 'Name' }).fill(`E2E host identity ${Date.now()}`);
  await page.getByLabel('Log bundle').setInputFiles(path.join(RECORDING, 'logbundle.tar.gz'));
  await page.getByLabel('Flow export').setInputFiles(path.join(RECORDING, 'flows.csv'));
  await page.getByRole('button', { name: 'Upload and analyze' }).click();
  await page.waitForURL(/\/assessments\/[0-9a-f-]{36}$/);
  await waitForReady(page);
  const id = page.url().split('/').pop() as string;

  // alpha: its address from co-occurrence with the flows, the sshd line and the flow that match.
  await page.goto(`/assessments/${id}/hosts/alpha`);
  const addresses = page.getByTestId('host-addresses');
  await expect(addresses).toContainText('10.20.30.10');
  await expect(addresses).toContainText('co-occurrence with the flows');
  await addresses
    .getByText(/records that justify it/)
    .first()
    .click();
  await expect(addresses.getByText(/^flow \S+ → 10\.20\.30\.10:22/).first()).toBeVisible();
  await expect(page.getByText(/read from: .*auditd node=/)).toBeVisible();

  // adm logs nothing that ties it to an address: it says so instead of guessing.
  await page.goto(`/assessments/${id}/hosts/adm`);
  await expect(page.getByTestId('no-address')).toBeVisible();

  // Settings lists the same mapping with its source and rule.
  await page.goto(`/assessments/${id}/settings`);
  const row = page.getByRole('row', { name: /^alpha 10\.20\.30\.10 / });
  await expect(row).toContainText('alpha');
  await expect(row).toContainText('flows');
  await expect(row).toContainText(/peer connections in the logs match flows of this address alone/);
});
