import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../records/records';
import { copyText, copyTextArray, FLOW_COLUMNS, flowRow, logRow } from './copy';

const flow = (startMs: number, endMs: number): FlowRecord => ({
  recordNo: 7,
  startMs,
  endMs,
  srcIp: '10.0.0.1',
  dstIp: '2001:db8::1',
  srcPort: 1234,
  dstPort: 443,
  proto: 6,
  packets: 3,
  bytes: 180,
});

/** The time columns of a flow row. */
const times = (row: string) => row.split('\t').slice(3, 5);

describe('COPY rows', () => {
  it('writes times exactly as Date#toISOString, whatever the order of the rows, in flow and log rows', () => {
    const day = 86_400_000;
    const samples = [
      0,
      -1,
      0.9,
      -0.5,
      999.999,
      -999.5,
      -day,
      -day - 1,
      Date.UTC(2026, 2, 2, 23, 59, 59, 999),
      Date.UTC(2026, 2, 3),
      Date.UTC(2024, 1, 29, 12, 0, 0, 5),
      -62_167_219_200_000, // 0000-01-01
      253_402_300_799_999, // 9999-12-31T23:59:59.999
    ];
    let x = 12345;
    for (let i = 0; i < 2000; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      samples.push((x / 2 ** 31 - 0.3) * 2e13 + (i % 3 === 0 ? 0.25 : 0));
    }
    for (const start of samples) {
      const end = start + 61_234.5;
      expect(times(flowRow('a', 'b', flow(start, end)))).toEqual([new Date(start).toISOString(), new Date(end).toISOString()]);
      // Flow rows are written as bytes, log and DNS rows as text: both forms of the time.
      expect(logRow('a', 'b', { lineNo: 1, tsMs: start, kind: 'ssh_failed', raw: 'x' }).split('\t')[3]).toBe(new Date(start).toISOString());
    }
  });

  it('starts every row with its own assessment and file ids (the cached lead follows a change)', () => {
    expect(flowRow('a1', 'f1', flow(0, 0)).startsWith('a1\tf1\t7\t')).toBe(true);
    expect(flowRow('a2', 'f1', flow(0, 0)).startsWith('a2\tf1\t7\t')).toBe(true);
    expect(logRow('a2', 'f2', { lineNo: 3, tsMs: 0, kind: 'ssh_failed', raw: 'x\ty' }).startsWith('a2\tf2\t3\t1970-01-01T00:00:00.000Z\t')).toBe(true);
  });

  it('writes every storable flow as the plain definition would (numbers, times, addresses, missing fields)', () => {
    // The definition, written the plain way: String() of each rounded count, toISOString, \N.
    const N = '\\N';
    const count = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? N : String(Math.round(v)));
    const reference = (a: string, file: string, f: FlowRecord) =>
      `${[
        a,
        file,
        f.recordNo,
        new Date(f.startMs).toISOString(),
        new Date(f.endMs).toISOString(),
        f.srcIp,
        f.dstIp,
        f.srcPort,
        f.dstPort,
        f.proto,
        Math.round(f.packets),
        Math.round(f.bytes),
        count(f.revPackets),
        count(f.revBytes),
        count(f.tcpFlags),
        count(f.revTcpFlags),
        f.exporter || N,
        f.sampling ?? 1,
        count(f.revRecordNo),
      ].join('\t')}\n`;
    let x = 42;
    const rnd = (n: number) => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((x / 2 ** 31) * n);
    };
    const big = [0, 1, 9, 10, 99, 100, 2 ** 31 - 1, 2 ** 31, 2 ** 32 + 7, 10 ** 15 + 9, Number.MAX_SAFE_INTEGER];
    const pick = <T>(xs: T[]): T => xs[rnd(xs.length)] as T;
    const ip = () =>
      pick([
        `${rnd(256)}.${rnd(256)}.${rnd(256)}.${rnd(256)}`,
        '::',
        '2001:db8::1',
        'fe80::200:86ff:fe05:80da',
        '::ffff:255.255.255.255',
        '0000:0000:0000:0000:0000:ffff:255.255.255.255',
      ]);
    for (let i = 0; i < 3000; i++) {
      const start = rnd(2) ? Date.UTC(2026, 2, 7) + rnd(10 * 86_400_000) : -62_167_219_200_000 + rnd(2 ** 31) * 147_000 + (rnd(4) === 0 ? 0.5 : 0);
      const f: FlowRecord = {
        recordNo: rnd(3) ? rnd(1000) : 2 ** 31 - 1,
        startMs: start,
        endMs: start + rnd(3) * rnd(86_400_000),
        srcIp: ip(),
        dstIp: ip(),
        srcPort: rnd(65536),
        dstPort: rnd(65536),
        proto: rnd(256),
        packets: rnd(4) ? rnd(1000) + (rnd(2) ? 0.5 : 0) : pick(big),
        bytes: rnd(4) ? rnd(1e9) + rnd(10) / 10 : pick(big),
      };
      if (rnd(2)) f.revPackets = rnd(3) ? rnd(1000) : pick(big);
      if (rnd(2)) f.revBytes = rnd(3) ? rnd(1e9) + (rnd(2) ? 0.4 : 0) : pick(big);
      if (rnd(2)) f.tcpFlags = rnd(0x8000);
      if (rnd(2)) f.revTcpFlags = rnd(0x8000);
      if (rnd(2)) f.exporter = ip();
      if (rnd(2)) f.sampling = 1 + rnd(2 ** 31 - 1);
      if (rnd(2)) f.revRecordNo = rnd(2 ** 31);
      const ids = rnd(2) ? ['a', 'f'] : ['573eab20-64a1-4e71-8303-7d14a38c38f4', '00000000-0000-4000-8000-000000000000'];
      expect(flowRow(ids[0] as string, ids[1] as string, f)).toBe(reference(ids[0] as string, ids[1] as string, f));
    }
  });

  it('writes one field per column and \\N for missing optional ones', () => {
    const cols = flowRow('a', 'b', flow(0, 0)).trimEnd().split('\t');
    expect(cols).toHaveLength(FLOW_COLUMNS.length);
    expect(cols[FLOW_COLUMNS.indexOf('rev_packets')]).toBe('\\N');
    expect(cols[FLOW_COLUMNS.indexOf('exporter')]).toBe('\\N');
    expect(cols[FLOW_COLUMNS.indexOf('sampling')]).toBe('1');
  });
});

describe('COPY text escaping', () => {
  // The definition (PostgreSQL's COPY text format and array literal syntax), written the plain way.
  const escapeRef = (v: string) => v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
  const arrayRef = (vs: string[]) => (vs.length === 0 ? '{}' : escapeRef(`{${vs.map((v) => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`).join(',')}}`));

  it('escapes backslash, tab, newline and carriage return, and array elements’ quotes, as the definition does', () => {
    const alphabet = ['a', 'é', '\\', '"', '\t', '\n', '\r', ' ', ',', '{', '}', 'N', '\u0001'];
    let x = 7;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x;
    };
    const randomText = () => Array.from({ length: next() % 12 }, () => alphabet[next() % alphabet.length]).join('');
    for (let i = 0; i < 3000; i++) {
      const v = randomText();
      expect(copyText(v)).toBe(escapeRef(v));
      const vs = Array.from({ length: next() % 4 }, randomText);
      expect(copyTextArray(vs)).toBe(arrayRef(vs));
    }
    expect(copyText('a\\tb')).toBe('a\\\\tb');
    expect(copyText('line 1\nline 2\r\n')).toBe('line 1\\nline 2\\r\\n');
    expect(copyTextArray(['say "hi"', 'C:\\x', ''])).toBe('{"say \\\\"hi\\\\"","C:\\\\\\\\x",""}');
  });
});
