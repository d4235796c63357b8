// Builds the data the end-to-end tests upload: a small generated scenario (the project's
// own generator; no external files needed), packed as a real log bundle and flow export.
import fs from 'node:fs';
import path from 'node:path';
import { generateDemo } from '../lib/generate/demo';

export const e2eDataDir = path.join(import.meta.dirname, '..', 'test-results', 'e2e-data');

export default async function globalSetup(): Promise<void> {
  fs.rmSync(e2eDataDir, { recursive: true, force: true });
  fs.mkdirSync(e2eDataDir, { recursive: true });
  const out = await generateDemo(e2eDataDir);
  fs.writeFileSync(path.join(e2eDataDir, 'files.json'), JSON.stringify(out.files));
  // A file in no format Sightline reads, to show the error path.
  fs.writeFileSync(path.join(e2eDataDir, 'garbage.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
}
