import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../test/fixtures';
import type { FlowOut } from './flow-sink';
import { generateScenario } from './generate-scenario';
import { flagString, NFDUMP_HEADER, NfdumpCsvWriter, nfdumpRow } from './nfdump-csv';

const FIXTURE = fixture('flows/derived/zeek-sshguess/zeek_sshguess.nfpcapd.nfdump.csv');

function rec(o: Partial<FlowOut>): FlowOut {
  return {
    startMs: Date.UTC(2015, 2, 30, 14, 44, 49, 300),
    endMs: Date.UTC(2015, 2, 30, 14, 44, 57, 520),
    src: '192.168.56.1',
    dst: '192.168.56.103',
    sport: 55470,
    dport: 22,
    proto: 6,
    flags: 0x1b,
    pkts: 26,
    bytes: 4249,
    receivedMs: Date.UTC(2026, 10, 28, 2, 33, 56, 300),
    seq: 0,
    step: undefined,
    ...o,
  };
}

describe('nfdump legacy CSV format', () => {
  it.each([
    [0x1b, '...AP.SF'],
    [0x02, '......S.'],
    [0x06, '.....RS.'],
    [0x14, '...A.R..'],
    [0xff, 'CEUAPRSF'],
    [0, '........'],
  ])('flags %i print as %s', (flags, text) => {
    expect(flagString(flags)).toBe(text);
  });

  it('computes the Summary like nfdump (integer truncation, first start to last end)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sightline-nfd-'));
    const w = new NfdumpCsvWriter(path.join(dir, 'x.csv'));
    w.write([rec({ startMs: 0, endMs: 1_000, pkts: 10, bytes: 933 }), rec({ startMs: 200, endMs: 1_475, pkts: 10, bytes: 0 })]);
    w.close();
    const lines = readFileSync(path.join(dir, 'x.csv'), 'utf8').trimEnd().split('\n');
    // 933 bytes over 1.475 s: 5060 bit/s, 13 packets/s, 46 bytes/packet — the vnc-scanner fixture's footer.
    expect(lines.slice(-3)).toEqual(['Summary', 'flows,bytes,packets,avg_bps,avg_pps,avg_bpp', '2,933,20,5060,13,46']);
    rmSync(dir, { recursive: true, force: true });
  });
});

describeFixtures('nfdump legacy CSV against the nfpcapd fixture', () => {
  it('formats a row exactly like the nfpcapd fixture', () => {
    const fixtureRow = readFileSync(FIXTURE, 'utf8').split('\n')[1];
    expect(nfdumpRow(rec({}))).toBe(`${fixtureRow}\n`);
  });

  it('uses the fixture header', () => {
    expect(readFileSync(FIXTURE, 'utf8').split('\n')[0]).toBe(NFDUMP_HEADER);
    expect(NFDUMP_HEADER.split(',')).toHaveLength(48);
  });
});

describe('generated collector.nfdump.csv', () => {
  let dir: string;
  let lines: string[];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sightline-nfd-'));
    const r = await generateScenario({ outDir: dir, hosts: 8, days: 0.25, seed: 5, start: '2026-03-02T08:00:00Z' });
    lines = readFileSync(r.files.flows[0] as string, 'utf8')
      .trimEnd()
      .split('\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has the exact header, 48 columns per row and the 3-line footer with matching totals', () => {
    expect(lines[0]).toBe(NFDUMP_HEADER);
    const rows = lines.slice(1, -3).map((l) => l.split(','));
    for (const r of rows) expect(r).toHaveLength(48);
    expect(lines.slice(-3, -1)).toEqual(['Summary', 'flows,bytes,packets,avg_bps,avg_pps,avg_bpp']);
    const [flows, bytes, packets] = (lines.at(-1) ?? '').split(',').map(Number);
    expect(flows).toBe(rows.length);
    expect(bytes).toBe(rows.reduce((n, r) => n + Number(r[12]), 0));
    expect(packets).toBe(rows.reduce((n, r) => n + Number(r[11]), 0));
  });

  it('is in start-time order with local (UTC) times without zone or milliseconds', () => {
    const ts = lines.slice(1, -3).map((l) => l.slice(0, 19));
    for (const t of ts) expect(t).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect([...ts].sort()).toEqual(ts);
  });

  it('writes two unidirectional rows per answered TCP session', () => {
    const rows = lines.slice(1, -3).map((l) => l.split(','));
    const keys = new Map<string, number>();
    for (const r of rows) if (r[7] === 'TCP') keys.set(`${r[3]}|${r[5]}|${r[4]}|${r[6]}`, (keys.get(`${r[3]}|${r[5]}|${r[4]}|${r[6]}`) ?? 0) + 1);
    let sessions = 0;
    for (const r of rows) {
      if (r[7] !== 'TCP' || r[8] !== '...AP.SF' || Number(r[6]) >= 32768) continue; // client → server rows
      sessions++;
      expect(keys.get(`${r[4]}|${r[6]}|${r[3]}|${r[5]}`), r.slice(0, 9).join(',')).toBeGreaterThanOrEqual(1);
    }
    expect(sessions).toBeGreaterThan(200);
  });

  it('shows the NATed segment only as the NAT address', () => {
    const body = lines.join('\n');
    expect(body).toContain(',10.20.200.1,');
    expect(body).not.toMatch(/,10\.20\.30\.\d+,/);
  });
});
