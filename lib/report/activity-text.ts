// Activities in words: a title a manager reads ("Password guessing against SSH on web01 from
// 192.0.2.9, 36 attempts in 2 min"), and raw text made safe to look at: auditd's hex-encoded
// fields decoded, control characters shown as visible escapes (`\x1d`) instead of boxes.
import type { ActivityRow } from '../queries/get-activities';
import type { Stage } from '../stages';
import { techniqueTitle } from './techniques';

// Stages where the peer comes to the host (the attacker's address); afterwards the host reaches out.
const INBOUND: ReadonlySet<Stage> = new Set(['recon', 'delivery', 'exploitation']);

function noun(technique: string): string {
  if (technique.startsWith('T1110')) return 'attempts';
  if (technique === 'T1046' || technique.startsWith('T1595')) return 'probes';
  return 'events';
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 90) return `${s} s`;
  if (s < 90 * 60) return `${Math.round(s / 60)} min`;
  return `${Math.round(s / 3600)} h`;
}

export function activityTitle(a: Pick<ActivityRow, 'stage' | 'technique' | 'host' | 'hostIps' | 'peer' | 'start' | 'end' | 'summary'>): string {
  const service = /\b(SSH|FTP|RDP)\b/.exec(a.summary)?.[1];
  const host = a.host ?? a.hostIps[0] ?? 'an unknown host';
  let title = `${techniqueTitle(a.technique)}${service && a.technique.startsWith('T1110') ? ` against ${service}` : ''} on ${host}`;
  if (a.peer) title += ` ${INBOUND.has(a.stage) ? 'from' : 'to'} ${a.peer}`;
  const count = /^(\d+) /.exec(a.summary)?.[1];
  const ms = Date.parse(a.end) - Date.parse(a.start);
  if (count) title += `, ${count} ${noun(a.technique)}${ms >= 1000 ? ` in ${formatDuration(ms)}` : ''}`;
  return title;
}

/** Control characters (other than tab and newline) as `\xHH`, so they are seen, not boxes. */
export function visibleControls(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function decodeHex(hex: string, nulAsSpace: boolean): string {
  const text = Buffer.from(hex, 'hex').toString('utf8');
  return nulAsSpace ? text.replace(/\0/g, ' ').trimEnd() : text;
}

/**
 * An auditd line with its hex-encoded values decoded (auditd hex-encodes a value that holds a
 * space, quote or control character): `proctitle=` (NUL-separated argv) and, in EXECVE records
 * only, `aN=` (SYSCALL records' `aN` are register values, also hex, and must stay as they are).
 */
export function decodeAuditLine(line: string): string {
  let out = line.replace(/\bproctitle=([0-9A-Fa-f]{2,})(?=\s|$)/g, (m, hex: string) => (hex.length % 2 ? m : `proctitle="${decodeHex(hex, true)}"`));
  // One evidence line may hold a whole event (SYSCALL, EXECVE, PATH… records): decode per record.
  out = out
    .split(/(?=\btype=[A-Z_]+ )/)
    .map((record) =>
      record.startsWith('type=EXECVE ')
        ? record.replace(/\b(a\d+)=([0-9A-Fa-f]{2,})(?=\s|$)/g, (m, k: string, hex: string) => (hex.length % 2 ? m : `${k}="${decodeHex(hex, false)}"`))
        : record,
    )
    .join('');
  return visibleControls(out);
}
