// Timestamp spellings of the formats we imitate. All hosts and the collector run in UTC, so
// "local time" below is UTC; the parsers still have to be told that zone (RFC 3164 and nfdump
// `%ts` carry none).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function three(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : String(n);
}

/** RFC 3164 `Mar  2 04:05:06`: no year, no zone, day of month space-padded to two characters. */
export function rfc3164(ms: number): string {
  const d = new Date(ms);
  const day = d.getUTCDate();
  return `${MONTHS[d.getUTCMonth()]} ${day < 10 ? ` ${day}` : day} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** nfdump 1.7.1 legacy CSV `ts`/`te`: `YYYY-MM-DD HH:MM:SS`, seconds truncated, no zone. */
export function nfdumpTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** nfdump `tr` (time received) keeps milliseconds: `YYYY-MM-DD HH:MM:SS.mmm`. */
export function nfdumpTimeMs(ms: number): string {
  return `${nfdumpTime(ms)}.${three(((ms % 1000) + 1000) % 1000)}`;
}

/** auditd `msg=audit(1772409600.123:42)` time part: epoch seconds with milliseconds. */
export function auditTime(ms: number): string {
  return `${Math.floor(ms / 1000)}.${three(ms % 1000)}`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
