import { expect, test } from '@playwright/test';
import { seedManyActivities } from './db';

test('an assessment with 10 000 activities is paged, and every part of the page still renders', async ({ page }) => {
  test.setTimeout(180_000);
  const id = await seedManyActivities(10_000);
  await page.goto(`/assessments/${id}`);
  await expect(page.getByTestId('stat-activities')).toHaveText('10000');
  // 50 rows a page, not 10 000 in the DOM.
  await expect(page.getByTestId('activity-table').locator('tbody tr')).toHaveCount(50);
  await expect(page.getByText('1–50 of 10,000 activities')).toBeVisible();
  await page.getByRole('link', { name: 'Next' }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(page.getByText('51–100 of 10,000 activities')).toBeVisible();
  await expect(page.getByTestId('heatmap')).toBeVisible();
  await expect(page.getByTestId('timeline')).toBeVisible();
  // A filter still answers on the large set.
  await page.getByLabel('Stage', { exact: true }).selectOption('c2');
  await expect(page.getByTestId('stat-activities')).not.toHaveText('10000');
});
