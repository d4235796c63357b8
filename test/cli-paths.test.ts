// The command line as a user types it: through npm, from the user's own folder (npm runs the
// script in the project's folder; relative paths must still be the user's), and a bad option
// value answered in one line naming the option.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtCli } from '../scripts/build-node.mjs';

const root = path.join(import.meta.dirname, '..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-cli-paths-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the command line', () => {
  it('reads and writes relative paths in the folder npm was run in', { timeout: 120_000 }, () => {
    const r = spawnSync('npm', ['--prefix', root, 'run', '--silent', 'sightline', '--', 'generate', '--out', 'case-17', '--hosts', '8', '--days', '1'], {
      cwd: dir,
      env: process.env,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(path.join(dir, 'case-17', 'truth.json'))).toBe(true);
    expect(fs.existsSync(path.join(root, 'case-17'))).toBe(false);
  });

  it('names the option and what is wrong with its value, in one line', () => {
    const r = spawnSync(process.execPath, [builtCli, 'generate', '--out', path.join(dir, 'x'), '--hosts', '2'], { cwd: root, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim()).toBe('sightline: hosts: Too small: expected number to be >=8');
  });
});
