import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Truth, ZTruth } from '../eval/truth';
import { generateDemo } from './demo';
import { type GenerateResult, generateScenario } from './generate-scenario';

const small = { hosts: 8, days: 0.25, start: '2026-03-02T08:00:00Z' } as const;
const dirs: string[] = [];
function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'sightline-gen-'));
  dirs.push(d);
  return d;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

function digests(dir: string): Record<string, string> {
  return Object.fromEntries(
    filesUnder(dir).map((f) => [
      f,
      createHash('sha256')
        .update(readFileSync(path.join(dir, f)))
        .digest('hex'),
    ]),
  );
}

async function tarEntries(file: string): Promise<{ name: string; mtime: number; body: string }[]> {
  const out: { name: string; mtime: number; body: string }[] = [];
  const ex = extract();
  const done = new Promise<void>((resolve, reject) => {
    ex.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: unknown) => {
        chunks.push(c as Buffer);
      });
      stream.on('end', () => {
        out.push({ name: header.name, mtime: header.mtime?.getTime() ?? 0, body: Buffer.concat(chunks).toString('utf8') });
        next();
      });
    });
    ex.on('finish', resolve);
    ex.on('error', reject);
  });
  ex.end(gunzipSync(readFileSync(file)));
  await done;
  return out;
}

let a: GenerateResult;
let b: GenerateResult;
let c: GenerateResult;
let truth: Truth;

beforeAll(async () => {
  a = await generateScenario({ outDir: tmp(), ...small, seed: 3 });
  b = await generateScenario({ outDir: tmp(), ...small, seed: 3 });
  c = await generateScenario({ outDir: tmp(), ...small, seed: 4 });
  truth = ZTruth.parse(JSON.parse(readFileSync(a.files.truth, 'utf8')));
});

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('determinism', () => {
  it('gives byte-identical files for the same seed', () => {
    const da = digests(path.dirname(a.files.truth));
    expect(Object.keys(da).length).toBeGreaterThan(20);
    expect(digests(path.dirname(b.files.truth))).toEqual(da);
  });

  it('gives different data for a different seed', () => {
    const da = digests(path.dirname(a.files.truth));
    const dc = digests(path.dirname(c.files.truth));
    for (const f of ['truth.json', 'flows/collector.nfdump.csv', 'flows/edge.ipfix.pcap', 'logs.tar.gz']) expect(dc[f]).not.toBe(da[f]);
  });
});

describe('layout', () => {
  it('writes the bundle, both flow exports, inventory and truth', () => {
    const files = filesUnder(path.dirname(a.files.truth));
    expect(files).toEqual(
      expect.arrayContaining([
        'inventory.csv',
        'truth.json',
        'logs.tar.gz',
        'flows/collector.nfdump.csv',
        'flows/edge.ipfix.pcap',
        'logs/web01/var/log/auth.log',
        'logs/web01/var/log/syslog',
        'logs/web01/var/log/audit/audit.log',
      ]),
    );
    expect(readFileSync(a.files.inventory, 'utf8').split('\n')[0]).toBe('hostname,ip,role');
  });

  it('leaves audit.log out exactly for the hosts without auditd', () => {
    for (const h of truth.hosts) {
      const has = filesUnder(a.files.logsDir).includes(`${h.name}/var/log/audit/audit.log`);
      expect(has, h.name).toBe(h.hasAuditd);
    }
    expect(truth.hosts.filter((h) => !h.hasAuditd).length).toBeGreaterThan(0);
  });

  it('stamps files and tar entries with the end of the period (the year source for RFC 3164)', async () => {
    const end = Date.parse(truth.end);
    expect(statSync(path.join(a.files.logsDir, 'mail01/var/log/auth.log')).mtimeMs).toBe(end);
    const entries = await tarEntries(a.files.logs);
    expect(entries.map((e) => e.name)).toContain('mail01/var/log/audit/audit.log');
    for (const e of entries) expect(e.mtime).toBe(end);
    const auth = entries.find((e) => e.name === 'mail01/var/log/auth.log');
    expect(auth?.body).toBe(readFileSync(path.join(a.files.logsDir, 'mail01/var/log/auth.log'), 'utf8'));
  });

  it('writes RFC 3164 lines with space-padded days, in time order', () => {
    const lines = readFileSync(path.join(a.files.logsDir, 'mail01/var/log/auth.log'), 'utf8').trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^Mar {2}2 \d\d:\d\d:\d\d mail01 [\w./-]+(\[\d+\])?: /);
    const times = lines.map((l) => l.slice(7, 15));
    expect([...times].sort()).toEqual(times);
  });
});

describe('truth.json', () => {
  const byId = (id: string) => {
    const s = truth.steps.find((x) => x.id === id);
    if (!s) throw new Error(`no step ${id}`);
    return s;
  };

  it('covers both scenarios with unique step ids', () => {
    expect(new Set(truth.steps.map((s) => s.id)).size).toBe(truth.steps.length);
    expect(new Set(truth.steps.map((s) => s.scenario))).toEqual(new Set(['ssh-intrusion', 'web-exploit']));
  });

  it.each([
    ['ssh-weaponize', false, false],
    ['ssh-hscan', true, false],
    ['ssh-bruteforce', true, true],
    ['ssh-persist-cron', false, true],
    ['ssh-persist-key', false, true],
    ['ssh-c2', true, true],
    ['ssh-exfil', true, true],
    ['web-rce', false, true],
    ['web-revshell', true, true],
  ])('%s is visible to network=%s, logs=%s', (id, network, logs) => {
    expect(byId(id).visibleTo).toEqual({ network, logs });
  });

  it('derives visibility from the evidence counts', () => {
    for (const s of truth.steps) {
      expect(s.visibleTo.network).toBe(s.evidence.collectorFlows + s.evidence.edgeFlows > 0);
      expect(s.visibleTo.logs).toBe(s.evidence.logRecords > 0);
    }
  });

  it('records every kind of imperfection', () => {
    const kinds = new Set(truth.imperfections.map((i) => i.kind));
    for (const k of ['no-auditd', 'log-gap', 'clock-skew', 'nat', 'sampling']) expect(kinds).toContain(k);
  });

  it('meets the attack shapes the detectors are tuned for', () => {
    expect(readFileSync(path.join(a.files.logsDir, 'mail01/var/log/auth.log'), 'utf8').match(/Failed password/g)?.length).toBeGreaterThanOrEqual(40);
    const csv = readFileSync(a.files.flows[0] as string, 'utf8');
    const hscan = new Set(
      csv
        .split('\n')
        .filter((l) => l.includes(',198.51.100.23,10.20.1.') && l.includes(',22,TCP,'))
        .map((l) => l.split(',')[4]),
    );
    expect(hscan.size).toBeGreaterThanOrEqual(30);
  });
});

describe('generateDemo', () => {
  it('makes a small scenario with both attacks quickly', async () => {
    const t0 = performance.now();
    const r = await generateDemo(tmp());
    // The product target is < 2 s; the margin absorbs a loaded CI machine.
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(r.stats.hosts).toBe(8);
    expect(r.stats.hours).toBe(6);
    expect(r.stats.truthSteps).toBeGreaterThan(20);
  });
});
