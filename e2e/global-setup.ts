// Builds the data the end-to-end tests upload: a small generated scenario (the project's
// own generator; no external files needed), packed as a real log bundle and flow export.
import fs from 'node:fs';
import path from 'node:path';
import { type FullConfig, request } from '@playwright/test';
import { generateDemo } from '../lib/generate/demo';
import { E2E_USER, storageStatePath } from './auth';
import { assertLocalDatabase } from './local-database';

export const e2eDataDir = path.join(import.meta.dirname, '..', 'test-results', 'e2e-data');

export default async function globalSetup(config: FullConfig): Promise<void> {
  assertLocalDatabase(); // playwright.config.ts checks too, before the web server starts
  fs.rmSync(e2eDataDir, { recursive: true, force: true });
  fs.mkdirSync(e2eDataDir, { recursive: true });
  const out = await generateDemo(e2eDataDir);
  fs.writeFileSync(path.join(e2eDataDir, 'files.json'), JSON.stringify(out.files));
  // A file in no format Sightline reads, to show the error path.
  fs.writeFileSync(path.join(e2eDataDir, 'garbage.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
  await signInOnce(config);
}

/** First-run setup through the API (a fresh data folder has no account), saved as the storageState every spec uses. */
async function signInOnce(config: FullConfig): Promise<void> {
  const baseURL = config.projects[0]?.use.baseURL;
  if (!baseURL) throw new Error('no baseURL in playwright.config.ts');
  // Browsers send Origin on every POST; the CSRF check requires it, so this client does too.
  const api = await request.newContext({ baseURL, extraHTTPHeaders: { Origin: baseURL } });
  let res = await api.post('/api/auth/setup', { data: E2E_USER });
  if (res.status() === 409) res = await api.post('/api/auth/login', { data: E2E_USER }); // reused database
  if (!res.ok()) throw new Error(`could not sign in for the e2e run: ${res.status()} ${await res.text()}`);
  await api.storageState({ path: storageStatePath });
  await api.dispose();
}
