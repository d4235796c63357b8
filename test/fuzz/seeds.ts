// Seeds for the fuzzer: the inline examples of every format plus the heads of the real
// fixtures (../shared/fixtures, or SIGHTLINE_FIXTURES), grouped by the format the sniffer
// gives them — so a new fixture seeds the right parser without being listed here.
import fs from 'node:fs';
import path from 'node:path';
import { allFormats } from '../../lib/ingest/registry';
import { sniffFormat } from '../../lib/ingest/sniff';
import { INLINE_SEEDS } from './inline-seeds';

// Same rule as test/fixtures.ts, which this does not import: it pulls in vitest, and `npm run fuzz` runs without it.
export const fuzzFixturesDir = path.resolve(process.env.SIGHTLINE_FIXTURES ?? path.join(process.cwd(), '..', 'shared', 'fixtures'));

/** Seeds stay small so a case runs in well under a millisecond; mutations add size back. */
const SEED_BYTES = 12 * 1024;
const SEEDS_PER_FORMAT = 8;

function listFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, d.name);
      if (d.isDirectory()) visit(full);
      else if (d.isFile() && !d.name.endsWith('.md')) out.push(full);
    }
  };
  visit(root);
  return out.sort();
}

function head(file: string): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(SEED_BYTES);
    const n = fs.readSync(fd, buf, 0, SEED_BYTES, 0);
    const bytes = buf.subarray(0, n);
    if (n < SEED_BYTES) return bytes;
    // Text: end on a whole line so the seed itself is valid; binary stays cut (also a case).
    const nl = bytes.lastIndexOf(10);
    return nl > SEED_BYTES / 2 && !bytes.subarray(0, 512).includes(0) ? bytes.subarray(0, nl + 1) : bytes;
  } finally {
    fs.closeSync(fd);
  }
}

export interface SeedSet {
  byFormat: Map<string, Buffer[]>;
  /** Where each fixture seed came from, for the report. */
  fixtureCount: number;
  hasFixtures: boolean;
}

let cached: SeedSet | undefined;

export function loadSeeds(): SeedSet {
  if (cached) return cached;
  const byFormat = new Map<string, Buffer[]>();
  for (const f of allFormats) byFormat.set(f.id, [...(INLINE_SEEDS[f.id] ?? [])]);
  const hasFixtures = fs.existsSync(path.join(fuzzFixturesDir, 'README.md'));
  let fixtureCount = 0;
  if (hasFixtures) {
    const found = new Map<string, Buffer[]>();
    for (const file of listFiles(fuzzFixturesDir)) {
      const bytes = head(file);
      const id = sniffFormat(bytes, allFormats).format?.id;
      if (!id) continue;
      const list = found.get(id) ?? [];
      list.push(bytes);
      found.set(id, list);
    }
    for (const [id, list] of found) {
      // Evenly spaced picks keep variety (vendors, variants) without taking every file.
      const step = Math.max(1, Math.floor(list.length / SEEDS_PER_FORMAT));
      const picked = list.filter((_, i) => i % step === 0).slice(0, SEEDS_PER_FORMAT);
      fixtureCount += picked.length;
      byFormat.get(id)?.push(...picked);
    }
  }
  cached = { byFormat, fixtureCount, hasFixtures };
  return cached;
}

/** Every seed of every format, e.g. to build archive members and sniffer inputs. */
export function allSeeds(): Buffer[] {
  return [...loadSeeds().byFormat.values()].flat();
}
