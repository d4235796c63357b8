// CSV of a report's activities (RFC 4180: CRLF line ends, quotes doubled, fields with
// separators quoted). Cells starting with = + - @ TAB or CR are prefixed with ' so a
// spreadsheet shows them as text instead of evaluating them (OWASP "CSV Injection").
// Uploaded log content reaches these cells (host names, summaries), so this is not theoretical.
import type { ActivityRow } from '../queries/get-activities';

const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function quoteCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function toCsv(header: string[], rows: (string | number | null)[][]): string {
  const line = (cells: (string | number | null)[]) => cells.map((c) => quoteCell(typeof c === 'number' ? String(c) : neutraliseCell(c ?? ''))).join(',');
  return [line(header), ...rows.map(line)].map((l) => `${l}\r\n`).join('');
}

export function activitiesCsv(rows: ActivityRow[]): string {
  return toCsv(
    ['stage', 'technique', 'host', 'host_ips', 'peer', 'start_utc', 'end_utc', 'network', 'logs', 'severity', 'score', 'summary'],
    rows.map((a) => [a.stage, a.technique, a.host, a.hostIps.join(' '), a.peer, a.start, a.end, a.network, a.logs, a.severity, a.score, a.summary]),
  );
}
