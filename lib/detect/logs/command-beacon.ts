// Command and control seen on the host: the same program reaching the same URL or address again
// and again at a steady interval — a curl/wget loop or cron job (auditd EXECVE, cron's CMD) or an
// interpreter that keeps connecting out (auditd SOCKADDR connect by python, perl, ruby, php or a
// shell). One download is Delivery (tool-download); a steady series is a beacon (T1071.001 over
// HTTP(S), T1071 otherwise). Regularity is RITA v5's timestamp score over the intervals between
// runs: the mean of (1 − |Bowley skew|) and the MAD score ((median − MAD) / median, floored at
// 0), skew taken as 0 when the IQR is under 10 s or the median equals a quartile
// (docs/ANCHORS.md#rita-beacon); ATT&CK AN0076 "fixed-interval callbacks" (#attack-analytics).
// Jitter of ±40 % still scores about 0.8. Routine polls stay quiet: destinations inside the
// network (internal ranges, localhost, bare host names: monitoring and health checks), and the
// host's own scheduled jobs — every run started by cron or under a system account (no login uid or
// one below login.defs UID_MIN 1000) — to a named site (an uptime ping such as hc-ping.com). An
// intruder's cron job shows up as a crontab change (cron-change, Installation); a scheduled run to
// a bare IP address still fires. The peer is the address on the command line (or of the
// connect), so correlation can merge this with the network's beacon. Connects are counted for
// interpreters and for programs running from /tmp, /var/tmp, /dev/shm or a hidden folder.
import { defineDetector } from '../insert-detections';
import { logEventsOf } from './log-events';
import { CMD, hasLiteral, IPV4_RE, internalHostSql, PEER_IN_CMD, PROG, REMOTE_HOST_IN_CMD } from './patterns';

const TOOL_RE = '(curl|wget|python[0-9.]*|perl|ruby|php[0-9.]*|nc|ncat|netcat|socat|openssl|lwp-request|http)';
/** The client program named in the command (curl inside `sh -c "curl …"` too): its one capture. */
const TOOL_IN_CMD = `'(?:^|[ /;|&(])${TOOL_RE}(?: |$)'`;
/** A literal of each tool of TOOL_RE (`nc` for ncat too): the cheap test before the regex. */
const TOOL_LITERALS = ['curl', 'wget', 'python', 'perl', 'ruby', 'php', 'nc', 'netcat', 'socat', 'openssl', 'lwp-request', 'http'];
const INTERPRETER_RE = '^(python[0-9.]*|perl|ruby|php[0-9.]*|bash|sh|dash|node)$';
/** Started by the host's schedule, not by a person: cron's own line, or no login uid / a system account's. */
const SCHEDULED = `(e.kind = 'cron_run' OR e.auid IS NULL OR e.auid < 1000)`;

export const commandBeacon = defineDetector({
  id: 'logs.command-beacon',
  title: 'Command beacon (same program, same destination, steady interval)',
  source: 'logs',
  stage: 'c2',
  techniques: ['T1071.001', 'T1071'],
  description:
    "curl, wget, an interpreter or netcat run (or connecting out; also any program running from /tmp or a hidden folder) to the same external URL or address at least N times at a steady interval (RITA timestamp score). Internal destinations and the host's own scheduled jobs to named sites stay quiet.",
  thresholds: {
    minRuns: {
      label: 'Runs to the same destination',
      default: 10,
      min: 4,
      anchor: 'RITA unique_connection_threshold 4 (raised: a few manual runs are not a beacon); ATT&CK AN0076',
    },
    minScore: {
      label: 'Timestamp regularity score',
      default: 0.5,
      min: 0,
      max: 1,
      anchor: 'RITA v5 score_thresholds base 50 (timestamp sub-score: Bowley skew + MAD)',
    },
  },
  // Each regular expression runs once per event: the client's (as the test and as the value),
  // the remote host's (named twice below) — two levels of subquery, each kept apart (OFFSET 0),
  // since PostgreSQL would otherwise copy an expression into every place that names it.
  select: ({ shared }) => `WITH x AS MATERIALIZED (
         SELECT e.id, e.ts, e.host_name, coalesce(e.tool, ${PROG}) AS prog, e.rhost,
                coalesce(substring(${CMD} FROM '([a-z]+://[^ ?#]+)'), e.rhost) AS target,
                ${PEER_IN_CMD} AS peer, ${SCHEDULED} AS scheduled, NULL::int AS dport
         FROM (SELECT e.*, ${REMOTE_HOST_IN_CMD} AS rhost
               FROM (SELECT e.id, e.ts, e.host_name, e.kind, e.auid, e.cmd, e.prog, substring(${CMD} FROM ${TOOL_IN_CMD}) AS tool
                     FROM ${logEventsOf(shared)} e
                     WHERE e.kind IN ('exec', 'cron_run') AND cardinality(e.argv) > 0 AND ${hasLiteral(CMD, TOOL_LITERALS)}
                     OFFSET 0) e
               WHERE e.tool IS NOT NULL
               OFFSET 0) e
         UNION ALL
         SELECT e.id, e.ts, e.host_name, coalesce(e.exe, ${PROG}), host(e.dst_ip), host(e.dst_ip) || ':' || coalesce(e.dst_port::text, ''), e.dst_ip,
                ${SCHEDULED}, e.dst_port
         FROM ${logEventsOf(shared)} e
         WHERE e.kind = 'connect' AND e.dst_ip IS NOT NULL
           AND (${PROG} ~ '${INTERPRETER_RE}' OR e.exe ~ '^(/tmp|/var/tmp|/dev/shm)/' OR e.exe ~ '/\\.[^./][^/]*/?[^/]*$')
       ), y AS (
         SELECT * FROM x WHERE target IS NOT NULL AND NOT ${internalHostSql('rhost')}
       ), iv AS (
         SELECT *, extract(epoch FROM ts - lag(ts) OVER (PARTITION BY host_name, prog, target ORDER BY ts, id))::float8 AS dt FROM y
       ), stats AS (
         SELECT host_name, prog, target, count(*) AS n, min(ts) AS s, max(ts) AS e,
                (array_agg(peer ORDER BY ts) FILTER (WHERE peer IS NOT NULL))[1] AS peer, array_agg(id ORDER BY ts, id) AS ids,
                bool_and(scheduled) AS scheduled, min(rhost) AS rhost, max(dport) AS dport,
                count(*) FILTER (WHERE dt > 0) AS nint,
                percentile_cont(0.25) WITHIN GROUP (ORDER BY dt) FILTER (WHERE dt > 0) AS q1,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY dt) FILTER (WHERE dt > 0) AS q2,
                percentile_cont(0.75) WITHIN GROUP (ORDER BY dt) FILTER (WHERE dt > 0) AS q3
         FROM iv GROUP BY host_name, prog, target
         HAVING count(*) >= $3
       ), mad AS (
         SELECT st.host_name, st.prog, st.target, percentile_cont(0.5) WITHIN GROUP (ORDER BY abs(iv.dt - st.q2)) AS mad
         -- coalesce(…) = coalesce(…) follows from IS NOT DISTINCT FROM and lets the join key on the host
         -- too: keyed on program and target alone, it re-read 1.5 M rows for the week's 96 k runs.
         FROM stats st JOIN iv ON coalesce(iv.host_name, '') = coalesce(st.host_name, '') AND iv.host_name IS NOT DISTINCT FROM st.host_name
                                  AND iv.prog = st.prog AND iv.target = st.target AND iv.dt > 0
         GROUP BY st.host_name, st.prog, st.target
       ), scored AS (
         SELECT st.*, m.mad,
                CASE WHEN st.q3 - st.q1 < 10 OR st.q2 = st.q1 OR st.q2 = st.q3 THEN 0 ELSE (st.q1 + st.q3 - 2 * st.q2) / (st.q3 - st.q1) END AS skew
         FROM stats st JOIN mad m ON m.host_name IS NOT DISTINCT FROM st.host_name AND m.prog = st.prog AND m.target = st.target
         WHERE st.nint >= 3 AND st.q2 > 0 AND NOT (st.scheduled AND st.rhost !~ '^${IPV4_RE}$')
       ), fin AS (
         SELECT *, ((1 - abs(skew)) + greatest(0, (q2 - mad) / q2)) / 2 AS ts_score FROM scored
       )
       SELECT CASE WHEN target ~ '^https?://' OR dport IN (80, 443, 8000, 8080, 8443) THEN 'T1071.001' ELSE 'T1071' END AS technique,
              host_name AS host, peer, s AS start_ts, e AS end_ts,
              round(least(0.95, 0.5 + 0.45 * ts_score)::numeric, 3)::float8 AS score,
              format('Beacon from %s: %s reached %s %s times, every %s s (median; MAD %s s), timestamp score %s',
                     coalesce(host_name, 'unnamed host'), prog, left(target, 150), n, round(q2::numeric, 1), round(mad::numeric, 1),
                     round(ts_score::numeric, 3)) AS summary,
              ids AS evidence_ids
       FROM fin WHERE ts_score >= $4`,
  technique: 'x.technique',
  params: ({ t, internalRanges }) => [internalRanges, t.minRuns, t.minScore],
});
