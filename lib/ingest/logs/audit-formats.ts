import type { LogFormat } from '../format';
import { createAuditdParser } from './auditd';
import { createAuomsParser } from './auoms';
import { createLaurelParser } from './laurel';
import { sampleLines } from './sniff-lines';

// Content sniffing for the three audit formats. Each looks at the first lines of the head only
// and needs its own unmistakable marker, so syslog (which may carry audit text after a syslog
// header), nfdump CSV, Zeek TSV/JSON and other JSON logs are never claimed.

function headLines(head: Buffer): string[] {
  // `----` separates events in ausearch output; `#` commentary (hand-annotated captures, as in
  // laurel's test data) neither confirms nor denies the format.
  return sampleLines(head).filter((l) => !l.startsWith('----') && !l.startsWith('#'));
}

/** Share of lines that match, scaled so a clean file scores 0.95 and a mostly clean one less. */
function score(lines: string[], test: (line: string) => boolean): number {
  if (lines.length === 0) return 0;
  const hits = lines.filter(test).length;
  if (hits === 0) return 0;
  const share = hits / lines.length;
  return share >= 0.5 ? 0.5 + 0.45 * share : 0.2 * share;
}

const AUDIT_LINE = /^(?:node=\S+ )?type=[A-Z0-9_[\]]+ msg=audit\((?:\d+(?:\.\d+)?|\d\d\/\d\d\/\d{4} [\d:.]+):\d+\)/;
const AUOMS_LINE = /^type=AUOMS_[A-Z_]+ audit\(\d+\.\d+:\d+\)/;
const AUOMS_ROW = /"SyslogMessage"\s*:\s*"type=AUOMS_[A-Z_]+ audit\(/;
const LAUREL_ID = /^\{.*"ID"\s*:\s*"\d+\.\d+:\d+"/;
const LAUREL_RECORD = /"(?:SYSCALL|EXECVE|PATH|PROCTITLE|SOCKADDR|CWD|USER_[A-Z]+|[A-Z_]+)"\s*:\s*[[{]/;

export function sniffAuditd(head: Buffer): number {
  return score(headLines(head), (l) => AUDIT_LINE.test(l));
}

export function sniffLaurel(head: Buffer): number {
  return score(headLines(head), (l) => LAUREL_ID.test(l) && LAUREL_RECORD.test(l));
}

export function sniffAuoms(head: Buffer): number {
  return score(headLines(head), (l) => AUOMS_LINE.test(l) || (l.startsWith('{') && AUOMS_ROW.test(l)));
}

export const auditFormats: LogFormat[] = [
  {
    id: 'auditd',
    kind: 'logs',
    label: 'Linux audit log (auditd audit.log, ausearch output)',
    sniff: sniffAuditd,
    createParser: (ctx) => createAuditdParser(ctx),
  },
  {
    id: 'laurel-json',
    kind: 'logs',
    label: 'laurel audit JSON lines',
    sniff: sniffLaurel,
    createParser: (ctx) => createLaurelParser(ctx),
  },
  {
    id: 'auoms',
    kind: 'logs',
    label: 'auoms audit events (Azure Monitor / Sentinel, plain or Log Analytics JSON rows)',
    sniff: sniffAuoms,
    createParser: (ctx) => createAuomsParser(ctx),
  },
];
