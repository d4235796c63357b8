// Real public data lives outside the project (../shared/fixtures by default, or
// SIGHTLINE_FIXTURES). Tests that need it use `describeFixtures`, which skips them with a
// visible notice when the folder is absent, so the rest of the suite still runs.
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'vitest';

export const fixturesDir = path.resolve(process.env.SIGHTLINE_FIXTURES ?? path.join(import.meta.dirname, '..', '..', 'shared', 'fixtures'));

export const hasFixtures = fs.existsSync(path.join(fixturesDir, 'README.md'));

let warned = false;

/** Absolute path of a fixture file, e.g. `fixture('flows/derived/zeek-sshguess/x.csv')`. */
export function fixture(relative: string): string {
  return path.join(fixturesDir, relative);
}

/**
 * `describe` that runs only when the shared fixtures are present. Without them the body is never
 * called (`describe.skip` would still collect it, and a body that reads a fixture would crash the
 * file): one skipped placeholder test per suite says what is missing.
 */
export function describeFixtures(name: string, fn: () => void): void {
  if (hasFixtures) {
    describe(`${name} [fixtures]`, () => fn());
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`\n[sightline] fixtures not found at ${fixturesDir}: tests on real public data are SKIPPED (set SIGHTLINE_FIXTURES)\n`);
  }
  describe.skip(`${name} [fixtures]`, () => {
    it(`needs the shared fixtures (${fixturesDir}, or SIGHTLINE_FIXTURES)`, () => {});
  });
}
