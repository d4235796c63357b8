import type { LogRecord } from '../../records/records';
import type { ChunkParser, ParseContext } from '../types';
import { createLineParser } from './split-lines';
import { newSyslogHeader, parseSyslogLine } from './syslog';
import { createSyslogClock } from './syslog-clock';
import { extractEvent } from './syslog-events';

// One parser for all syslog layouts: rsyslog can change template mid-file (after an upgrade or
// a config change), so the layout is decided per line, not per file.

const isControl = (c: number) => (c < 32 && c !== 9) || c === 127;

/** A short, printable excerpt so the upload summary shows what a rejected line looked like. */
export function excerpt(text: string): string {
  const cut = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  let out = '';
  for (let i = 0; i < cut.length; i++) out += isControl(cut.charCodeAt(i)) ? '?' : cut[i];
  return JSON.stringify(out);
}

/** Control characters or bytes already escaped as invalid UTF-8 suggest binary content. */
function looksBinary(text: string): boolean {
  const n = Math.min(text.length, 200);
  for (let i = 0; i < n; i++) if (isControl(text.charCodeAt(i))) return true;
  return /\\x[0-9a-f]{2}/.test(text.slice(0, 200));
}

export function describeBadLine(reason: string, text: string): string {
  return looksBinary(text) ? `${reason} (binary data?) ${excerpt(text)}` : `${reason}: ${excerpt(text)}`;
}

export function createSyslogParser(ctx: ParseContext): ChunkParser<LogRecord> {
  const clock = createSyslogClock(ctx);
  const header = newSyslogHeader();
  let isHostHintUsed = false;
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      const reason = parseSyslogLine(text, clock, header);
      if (reason !== null) {
        batch.invalid.push({ line: lineNo, reason: describeBadLine(reason, text) });
        return;
      }
      let hostName = header.hostName;
      let hostFrom: LogRecord['hostFrom'] = hostName === undefined ? undefined : 'syslog-header';
      if (hostName === undefined && ctx.hostHint) {
        hostName = ctx.hostHint;
        hostFrom = 'bundle-folder';
        isHostHintUsed = true;
      }
      const rec: LogRecord = {
        lineNo,
        tsMs: header.tsMs,
        hostName,
        hostFrom,
        program: header.program,
        pid: header.pid,
        kind: 'syslog',
        raw: text,
      };
      extractEvent(rec, header.program, header.message);
      batch.records.push(rec);
    },
    onEnd(batch) {
      const notes = clock.notes();
      if (isHostHintUsed) notes.push(`lines without a host name attributed to "${ctx.hostHint}" (from the folder name)`);
      if (notes.length > 0) batch.notes = notes;
    },
  });
}
