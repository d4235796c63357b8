import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export const e2eDataDir = path.join(import.meta.dirname, '..', 'test-results', 'e2e-data');

export function generatedFiles(): { logs: string; flows: string[]; inventory: string; truth: string } {
  return JSON.parse(fs.readFileSync(path.join(e2eDataDir, 'files.json'), 'utf8'));
}

const screenshots = path.join(import.meta.dirname, '..', 'docs', 'screenshots');

/**
 * The README's screenshots (docs/screenshots/<name>.png), rewritten only when asked with
 * UPDATE_SCREENSHOTS=1, so that an ordinary run leaves the committed images alone.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  fs.mkdirSync(screenshots, { recursive: true });
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true });
}

/** One section of a page as a README screenshot, under the same rule as `screenshot`. */
export async function sectionScreenshot(section: Locator, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  fs.mkdirSync(screenshots, { recursive: true });
  await section.screenshot({ path: path.join(screenshots, `${name}.png`) });
}

/** Waits until the assessment page shows a finished pipeline. */
export async function waitForReady(page: Page): Promise<void> {
  await expect(page.getByTestId('status').first()).toHaveText(/ready|failed/, { timeout: 150_000 });
  await expect(page.getByTestId('status').first()).toHaveText('ready');
}

/** Runs the CLI against the same database as the server under test (same data folder). */
export function cliJson(args: string[]): CliDoc {
  const out = execFileSync(process.execPath, [path.join('node_modules', 'tsx', 'dist', 'cli.mjs'), 'cli/sightline.ts', 'analyze', ...args, '--json'], {
    cwd: path.join(import.meta.dirname, '..'),
    env: process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out.toString('utf8'));
}

export interface CliDoc {
  assessmentId: string;
  files: { path: string; records: number; recordsRead: number; errors: number; format: string | null }[];
  stages: { stage: string; networkOnly: number; logsOnly: number; both: number }[];
  activities: { network: string; logs: string; stage: string }[];
}
