// CSV of a report's activities (RFC 4180: CRLF line ends, quotes doubled, fields with
// separators quoted). Cells starting with = + - @ TAB or CR are prefixed with ' so a
// spreadsheet shows them as text instead of evaluating them (OWASP "CSV Injection").
// Uploaded log content reaches these cells (host names, summaries), so this is not theoretical.
import type { ActivityRow } from '../queries/get-activities';
import { detectVisibilityScore } from '../queries/get-technique-visibility';
import { sourceSaw } from '../visibility-class';
import { activityTitle } from './activity-text';

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

/** DeTT&CT 0–4 visibility per technique over these rows: the scale of the dashboard and the Navigator layer. */
export function techniqueVisibility(rows: Pick<ActivityRow, 'technique' | 'network' | 'logs'>[]): Map<string, number> {
  const seen = new Map<string, { pairs: number; n: number }>();
  for (const a of rows) {
    const t = seen.get(a.technique) ?? { pairs: 0, n: 0 };
    t.pairs += Number(sourceSaw(a.network)) + Number(sourceSaw(a.logs));
    t.n++;
    seen.set(a.technique, t);
  }
  return new Map([...seen].map(([id, t]) => [id, detectVisibilityScore(t.pairs / (2 * t.n))]));
}

// One score scale: the technique's 0–4 visibility. The detector's internal 0–1 confidence is
// not exported (severity carries it in words).
export function activitiesCsv(rows: ActivityRow[]): string {
  const visibility = techniqueVisibility(rows);
  return toCsv(
    ['stage', 'technique', 'host', 'host_ips', 'peer', 'start_utc', 'end_utc', 'network', 'logs', 'severity', 'technique_visibility_0_4', 'title', 'summary'],
    rows.map((a) => [
      a.stage,
      a.technique,
      a.host,
      a.hostIps.join(' '),
      a.peer,
      a.start,
      a.end,
      a.network,
      a.logs,
      a.severity,
      visibility.get(a.technique) ?? 0,
      activityTitle(a),
      a.summary,
    ]),
  );
}
