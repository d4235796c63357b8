// The generator's source switches: left out (or all off) the output is the same bytes; each one
// changes only its source.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_OPTIONS } from './demo';
import { type GenerateResult, generateScenario } from './generate-scenario';
import type { Sources } from './sources';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-sources-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function gen(name: string, sources?: Sources): Promise<GenerateResult> {
  return generateScenario({ outDir: path.join(dir, name), ...DEMO_OPTIONS, attacks: [...DEMO_OPTIONS.attacks], ...(sources ? { sources } : {}) });
}

/** Every file under the output folder (logs, tarball, flows, inventory, truth) with its sha256. */
function digest(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(root, p)] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  walk(root);
  return out;
}

describe('generator source switches', () => {
  it('left out or all off, the output is byte-identical', async () => {
    await gen('none');
    await gen('off', { unsampledEdge: false, webAccessLogs: false, journalOnly: [], auditNoRules: [], sshKeyWatches: false });
    expect(digest(path.join(dir, 'off'))).toEqual(digest(path.join(dir, 'none')));
  });

  it('auditNoRules: the host keeps only user-space audit records; with sshKeyWatches also its ~/.ssh writes; other hosts unchanged', async () => {
    await gen('bare', { auditNoRules: ['mail01'] });
    await gen('watched', { auditNoRules: ['mail01'], sshKeyWatches: true });
    const audit = (n: string, host: string) => fs.readFileSync(path.join(dir, n, 'logs', host, 'var', 'log', 'audit', 'audit.log'), 'utf8').split('\n');
    const full = audit('none', 'mail01');
    expect(full.some((l) => l.startsWith('type=SYSCALL'))).toBe(true);
    const bare = audit('bare', 'mail01');
    expect(bare.filter((l) => l.startsWith('type=SYSCALL'))).toEqual([]);
    expect(bare.filter((l) => l.startsWith('type=USER_LOGIN')).length).toBe(full.filter((l) => l.startsWith('type=USER_LOGIN')).length);
    const syscalls = audit('watched', 'mail01').filter((l) => l.startsWith('type=SYSCALL'));
    expect(syscalls.length).toBeGreaterThan(0);
    expect(syscalls.every((l) => l.includes('key="wr_sshkeys"'))).toBe(true);
    expect(syscalls.length).toBe(full.filter((l) => l.startsWith('type=SYSCALL') && l.includes('key="wr_sshkeys"')).length);
    expect(audit('watched', 'web01')).toEqual(audit('none', 'web01'));
  });

  it('journalOnly: the host has its journal file and no auth.log/syslog; the other hosts are unchanged', async () => {
    await gen('journal', { journalOnly: ['db01'] });
    const base = path.join(dir, 'journal', 'logs', 'db01', 'var', 'log');
    expect(fs.existsSync(path.join(base, 'auth.log'))).toBe(false);
    expect(fs.existsSync(path.join(base, 'syslog'))).toBe(false);
    const [machineId] = fs.readdirSync(path.join(base, 'journal'));
    expect(machineId).toMatch(/^[0-9a-f]{32}$/);
    expect(
      fs
        .readFileSync(path.join(base, 'journal', machineId as string, 'system.journal'))
        .subarray(0, 8)
        .toString('latin1'),
    ).toBe('LPKSHHRH');
    const web = (n: string) => fs.readFileSync(path.join(dir, n, 'logs', 'web01', 'var', 'log', 'auth.log'), 'utf8');
    expect(web('journal')).toBe(web('none'));
  });

  it('retentionDays: no log line before the kept period, the kept lines as they were', async () => {
    await gen('kept', { retentionDays: 0.1 });
    const lines = (n: string) =>
      fs
        .readFileSync(path.join(dir, n, 'logs', 'mail01', 'var', 'log', 'auth.log'), 'utf8')
        .split('\n')
        .filter(Boolean);
    const kept = lines('kept');
    expect(kept.length).toBeGreaterThan(0);
    // Demo: 08:00–14:00; 0.1 day = 2 h 24 min kept, from 11:36.
    expect(kept.every((l) => l.slice(7, 15) >= '11:36:00')).toBe(true);
    expect(lines('none').filter((l) => l.slice(7, 15) >= '11:36:00')).toEqual(kept);
  });

  it('unsampledEdge: the edge export grows (its writer refuses a record of fewer than 0 packets), the collector is unchanged', async () => {
    const r = await gen('unsampled', { unsampledEdge: true });
    const base = await gen('none2');
    expect(r.stats.edgeFlows).toBeGreaterThan(base.stats.edgeFlows);
    expect(r.stats.collectorFlows).toBe(base.stats.collectorFlows);
  });

  it('webAccessLogs: web servers write combined access lines naming the client', async () => {
    await gen('web', { webAccessLogs: true });
    const app = fs.readFileSync(path.join(dir, 'web', 'logs', 'web01', 'var', 'log', 'app', 'access.log'), 'utf8');
    expect(app).toMatch(/^198\.51\.100\.77 - - \[02\/Mar\/2026:\d\d:\d\d:\d\d \+0000\] "POST \/api\/v1\/render HTTP\/1\.1" 200 /m);
    expect(fs.existsSync(path.join(dir, 'web', 'logs', 'web01', 'var', 'log', 'nginx', 'access.log'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'web', 'logs', 'mail01', 'var', 'log', 'nginx'))).toBe(false);
  });
});
