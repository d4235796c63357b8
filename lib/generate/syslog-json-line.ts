// Syslog written as JSON lines, as a host's shipper would (sources.syslogJson): rsyslog's JSON
// template (`template(name="json" type="list" option.jsonf="on")` with `property(outname=
// "timestamp" name="timereported" dateFormat="rfc3339")`, `hostname` → host, `programname`,
// `procid`, `msg`), one object per line — the shape lib/ingest/logs/syslog-json.ts reads. The
// same events as the RFC 3164 line: the time to the same whole second (a 3164 header has no
// finer one), UTC, and `msg` with the space rsyslog's %msg% keeps after the tag.

const two = (n: number) => String(n).padStart(2, '0');

/** RFC 3339 time of `ms` in UTC to the whole second, as rsyslog's `date-rfc3339` of a 3164 message. */
function rfc3339Seconds(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}+00:00`;
}

const TAG = /^([^\s[:]+)(?:\[(\d+)\])?: ?/;

/** `prog[pid]: message` (the text after a 3164 header's host) as one rsyslog JSON line. */
export function syslogJsonLine(shownMs: number, host: string, text: string): string {
  const m = TAG.exec(text);
  const o: Record<string, string> = { timestamp: rfc3339Seconds(shownMs), host };
  if (m === null) {
    o.msg = ` ${text}`;
  } else {
    o.programname = m[1] as string;
    if (m[2] !== undefined) o.procid = m[2];
    o.msg = ` ${text.slice(m[0].length)}`;
  }
  return JSON.stringify(o);
}
