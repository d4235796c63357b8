// Child process: a fixed piece of Node work that never changes with the product — the machine's
// reference. The ratios the benches report compare the product's Node-heavy work with
// PostgreSQL's bare COPY; on this shared two-core machine the two do not always slow down
// together (2026-12-07: the generator, pure Node, took 40.6 s one evening and 52.1 s the next,
// while the bare COPY took 11.4 and 10.9 s). Timing this beside the baseline lets a reader tell
// a slower machine from a slower product: if the reference moved as much as the product did,
// the machine moved.
//
// The work resembles ingest's Node side (split text lines, parse numbers and IPv4 addresses,
// count per address in a Map, render a tab-separated row, encode it into a Buffer) but is
// written here, frozen: no product module is imported, so changing the product cannot change it.
import { reportToParent } from './child';

export interface NodeReferenceResult {
  /** Median of the timed repetitions, ms. */
  ms: number;
  repetitions: number[];
}

const LINES = 200_000;

/** Deterministic CSV-like lines (an LCG, fixed seed): built once, not timed. */
function makeLines(): string[] {
  let x = 20261208;
  const next = () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x;
  };
  const lines: string[] = [];
  for (let i = 0; i < LINES; i++) {
    const src = `10.${next() % 4}.${next() % 256}.${next() % 256}`;
    const dst = `${(next() % 200) + 20}.${next() % 256}.${next() % 256}.${next() % 256}`;
    lines.push(
      `2026-12-0${(i % 7) + 1} 12:${String(i % 60).padStart(2, '0')}:00.${i % 1000},${(next() % 9000) / 1000},TCP,${src},${next() % 65536},${dst},443,.AP.S.,${next() % 100},${next() % 100000}`,
    );
  }
  return lines;
}

function ipv4(s: string): number {
  let v = 0;
  let octet = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      v = v * 256 + octet;
      octet = 0;
    } else octet = octet * 10 + c - 48;
  }
  return v * 256 + octet;
}

function once(lines: string[]): number {
  const perAddress = new Map<string, number[]>();
  let buf = Buffer.allocUnsafe(256 * 1024);
  let used = 0;
  let check = 0;
  for (const line of lines) {
    const f = line.split(',');
    const src = f[3] as string;
    const bytes = Number.parseInt(f[9] as string, 10);
    const seconds = Number(f[1]);
    const sums = perAddress.get(src);
    if (sums === undefined) perAddress.set(src, [1, bytes]);
    else {
      sums[0] = (sums[0] as number) + 1;
      sums[1] = (sums[1] as number) + bytes;
    }
    check += ipv4(f[5] as string) % 7;
    const row = `${check}\t${f[0]}\t${seconds.toFixed(3)}\t${src}\t${f[5]}\t${f[4]}\t${f[6]}\t${f[2]}\t${f[8]}\t${bytes}\n`;
    if (used + row.length * 3 > buf.length) {
      buf = Buffer.allocUnsafe(256 * 1024);
      used = 0;
    }
    used += buf.write(row, used);
  }
  return check + perAddress.size;
}

function main(): void {
  const lines = makeLines();
  once(lines); // warm-up: compiled code, not the first pass's interpreter
  const repetitions: number[] = [];
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let k = 0; k < 5; k++) once(lines);
    repetitions.push(Math.round(performance.now() - t0));
  }
  const sorted = [...repetitions].sort((a, b) => a - b);
  reportToParent({ ms: sorted[Math.floor(sorted.length / 2)] as number, repetitions } satisfies NodeReferenceResult);
}

main();
