import type { LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import { jsonDepthProblem } from '../json-depth';
import type { ChunkParser, ParseContext } from '../types';
import { sampleLines } from './sniff-lines';
import { createLineParser, decodeEscaped } from './split-lines';
import { extractEvent } from './syslog-events';
import { describeBadLine } from './syslog-parser';

// `journalctl -o json`: one JSON object per line. Per systemd's JSON export spec, a field
// holding non-UTF-8 or non-printable bytes is an array of byte values, a field present several
// times is an array of values, and a field above the size limit is null. Times are µs since
// the epoch as decimal strings, so no zone is involved.

type JournalValue = string | number[] | (string | number[])[] | null | undefined;

/** Text of a journal field, decoding byte arrays (invalid UTF-8 kept as `\xNN`). */
export function journalFieldText(value: unknown): string | undefined {
  const v = value as JournalValue;
  if (typeof v === 'string') return v;
  if (!Array.isArray(v) || v.length === 0) return undefined;
  if (typeof v[0] === 'number') return bytesText(v);
  // Repeated field: the first value is the one journalctl's short format shows. One level
  // only, so a hostile deeply nested array cannot recurse.
  const first = v[0];
  if (typeof first === 'string') return first;
  return Array.isArray(first) && typeof first[0] === 'number' ? bytesText(first) : undefined;
}

function bytesText(values: unknown[]): string {
  return decodeEscaped(Uint8Array.from(values, (n) => (typeof n === 'number' ? n & 0xff : 0x3f)));
}

function toInteger(value: unknown): number | undefined {
  const text = journalFieldText(value);
  if (text === undefined || text === '' || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

export function createJournaldParser(ctx: ParseContext): ChunkParser<LogRecord> {
  let isHostHintUsed = false;
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      let entry: Record<string, unknown>;
      const tooDeep = jsonDepthProblem(text);
      if (tooDeep !== undefined) {
        batch.invalid.push({ line: lineNo, reason: tooDeep });
        return;
      }
      try {
        const parsed: unknown = text.charCodeAt(0) === 123 ? JSON.parse(text) : undefined;
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
        entry = parsed as Record<string, unknown>;
      } catch {
        batch.invalid.push({ line: lineNo, reason: describeBadLine('not a JSON journal entry', text) });
        return;
      }
      const us = toInteger(entry.__REALTIME_TIMESTAMP) ?? toInteger(entry._SOURCE_REALTIME_TIMESTAMP);
      if (us === undefined) {
        batch.invalid.push({ line: lineNo, reason: 'journal entry without __REALTIME_TIMESTAMP' });
        return;
      }
      let hostName = journalFieldText(entry._HOSTNAME);
      if (hostName === undefined && ctx.hostHint) {
        hostName = ctx.hostHint;
        isHostHintUsed = true;
      }
      const isKernel = journalFieldText(entry._TRANSPORT) === 'kernel';
      const program = journalFieldText(entry.SYSLOG_IDENTIFIER) ?? (isKernel ? 'kernel' : journalFieldText(entry._COMM));
      const rec: LogRecord = {
        lineNo,
        tsMs: Math.floor(us / 1000),
        hostName,
        program,
        pid: toInteger(entry.SYSLOG_PID) ?? toInteger(entry._PID),
        kind: 'syslog',
        raw: text,
      };
      const exe = journalFieldText(entry._EXE);
      if (exe !== undefined) rec.exe = exe;
      extractEvent(rec, program, journalFieldText(entry.MESSAGE) ?? '');
      batch.records.push(rec);
    },
    onEnd(batch) {
      if (isHostHintUsed) batch.notes = [`entries without _HOSTNAME attributed to "${ctx.hostHint}" (from the folder name)`];
    },
  });
}

/** Share of sampled lines that are JSON objects with a journal timestamp. */
export function sniffJournald(head: Buffer): number {
  if (head[0] !== 0x7b && !(head[0] === 0xef && head[3] === 0x7b)) return 0;
  const lines = sampleLines(head);
  let hits = 0;
  for (const line of lines) {
    if (!line.includes('"__REALTIME_TIMESTAMP"')) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (toInteger(entry.__REALTIME_TIMESTAMP) !== undefined) hits++;
    } catch {
      // A cut-off last line of the head; the others decide.
    }
  }
  return lines.length > 0 && hits / lines.length >= 0.5 ? 0.95 : 0;
}

export const journaldJsonFormat: LogFormat = {
  id: 'journald-json',
  kind: 'logs',
  label: 'systemd journal (journalctl -o json)',
  sniff: sniffJournald,
  createParser: createJournaldParser,
};
