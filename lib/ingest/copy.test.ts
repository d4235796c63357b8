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
  it('writes times exactly as Date#toISOString, whatever the order of the rows', () => {
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
    }
  });

  it('starts every row with its own assessment and file ids (the cached lead follows a change)', () => {
    expect(flowRow('a1', 'f1', flow(0, 0)).startsWith('a1\tf1\t7\t')).toBe(true);
    expect(flowRow('a2', 'f1', flow(0, 0)).startsWith('a2\tf1\t7\t')).toBe(true);
    expect(logRow('a2', 'f2', { lineNo: 3, tsMs: 0, kind: 'ssh_failed', raw: 'x\ty' }).startsWith('a2\tf2\t3\t1970-01-01T00:00:00.000Z\t')).toBe(true);
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
