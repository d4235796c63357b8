import path from 'node:path';
import { defineConfig } from '@playwright/test';
import { storageStatePath } from './e2e/auth';
import { assertLocalDatabase } from './e2e/local-database';

// Before the web server starts: it and the seed write into DATABASE_URL when one is set.
assertLocalDatabase();

// scripts/test.mjs picks a free port and a fresh data folder for each run.
const port = Number(process.env.E2E_PORT ?? 3917);
const dataDir = process.env.SIGHTLINE_DATA_DIR ?? path.join(import.meta.dirname, 'data', 'e2e');

export default defineConfig({
  testDir: 'e2e',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: 'reports/playwright.json' }]],
  globalSetup: './e2e/global-setup.ts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    // Signed in as the account e2e/global-setup.ts creates; specs testing anonymous access open a fresh context.
    storageState: storageStatePath,
    // No extra headers: pages and forms run as a browser runs them. API calls made from a test
    // (page.request) set Origin themselves, as any script calling the API must (lib/auth/csrf.ts).
    viewport: { width: 1280, height: 900 },
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      ],
    },
  },
  webServer: {
    command: 'npx tsx scripts/start.ts',
    url: `http://127.0.0.1:${port}/`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: { PORT: String(port), SIGHTLINE_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' },
  },
});
