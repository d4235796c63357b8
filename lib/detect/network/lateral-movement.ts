// Lateral movement seen in flows, one detection per (source, destination, service): an internal
// host opening admin-protocol sessions (SSH 22, RDP 3389, WinRM 5985/5986, SMB 445, RPC/DCOM
// 135, VNC 5900 — the "sensitive" ports of Elastic's port scan rule, docs/ANCHORS.md#elastic-scan)
// to another internal host, with data both ways (a connect scan's bare handshakes are Discovery,
// not a session). The detection's host is the destination — where the login happens and where
// sshd writes `Accepted … from <source>`, the logs' side of the same step — and its peer is the
// source. Lateral Movement maps to Exploitation by the configured tactic → stage mapping.
//
// A pair is reported when its source
// * is a pivot: it was itself reached from outside on an admin port (a session with data from an
//   external address, larger than a failed guess: `pivotBytes`) within `pivotSeconds` before —
//   the compromised host moving on; or
// * fans out: it reaches `hosts` internal hosts on admin ports within the window and made no
//   such sessions earlier in the data (`baselineSeconds`), as a worm or a sweep-and-login does.
// A pair is routine, and never reported, when the same source reached the same service of the
// same destination on another day at the same time of day (± `routineSeconds`): a nightly
// backup or a scheduled job. Later days count too: on the first day of the data a schedule is
// only visible from the days after it. Flows carry no user name; that the job runs as a service
// account is what the destination's auth.log adds, when the bundle has it: a pair whose every
// session sshd logged as `Accepted … from <source> port <its port>` for an account with a
// system uid (`session opened for user backup(uid=998)`: 1 to `serviceUidMax`, login.defs
// SYS_UID_MAX) is routine on the first day too — a backup pull, not a person moving on (root,
// uid 0, is never a service account). Routine pairs are neither reported nor counted in a fan-out,
// but they are not dropped silently: each is kept in `quieted_pair` with its sessions, span and
// reason in words (the overview's "Quieted as routine", `quieted` in `sightline analyze --json`).

import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { isInternal, SESSION_BACKSCATTER, SESSION_FAILED, sessionsCte } from '../sql';
import { sampledLow } from './sampling';

const ID = 'network.lateral-movement';

/** The admin services a lateral session is looked for on, port → name (shown beside quieted pairs). */
export const ADMIN_SERVICES: ReadonlyArray<readonly [number, string]> = [
  [22, 'SSH'],
  [3389, 'RDP'],
  [5985, 'WinRM'],
  [5986, 'WinRM'],
  [445, 'SMB'],
  [135, 'RPC'],
  [5900, 'VNC'],
];
const ADMIN_PORTS = ADMIN_SERVICES.map(([port]) => port);

/**
 * CTEs after `r` that keep each quieted pair in `quieted_pair`, in the same statement as the
 * detections: the routine episodes of a (source, destination, service) summed, with the reason in
 * words — the service account's logins (user, uid, the destination's log file) and/or the time of
 * day it repeats at. The time of day is the middle of the episodes' start times on a 24 h circle
 * (a job at 23:55 and 00:05 is 00:00 ± 5 min), in UTC: the detector knows no display zone.
 */
/** Seconds of the day (possibly off by a day either way) as `HH:MM`. */
const HHMM = (secs: string) => `to_char(make_interval(secs => mod(${secs} + 86400, 86400)::float8), 'HH24:MI')`;

const QUIETED = `rt AS (
         SELECT r.*, extract(epoch FROM (r.s AT TIME ZONE 'UTC')::time)::numeric AS tod FROM r WHERE r.routine
       ), rt1 AS (
         SELECT rt.*, mod(tod - first_value(tod) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY timed DESC, s) + 129600, 86400) - 43200 AS off,
                first_value(tod) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY timed DESC, s) AS ref
         FROM rt
       ), qp AS (
         SELECT src_ip, dst_ip, dst_port, sum(n)::int AS sessions, min(s) AS first_ts, max(e) AS last_ts,
                count(DISTINCT (s AT TIME ZONE 'UTC')::date) FILTER (WHERE timed) AS days,
                min(ref) + (min(off) FILTER (WHERE timed) + max(off) FILTER (WHERE timed)) / 2 AS mid,
                (max(off) FILTER (WHERE timed) - min(off) FILTER (WHERE timed)) / 2 AS half,
                min(ref) + min(off) FILTER (WHERE timed) AS lo, min(ref) + max(off) FILTER (WHERE timed) AS hi
         FROM rt1 GROUP BY 1, 2, 3
       ), sl AS (
         SELECT e1.src_ip, e1.dst_ip, e1.dst_port,
                string_agg(DISTINCT format('%s (uid %s, a system account)', e1.svc_login[1], e1.svc_login[2]), ', ') AS users,
                string_agg(DISTINCT CASE WHEN e1.svc_login[3] = '' THEN e1.svc_login[4] ELSE format('%s''s %s', e1.svc_login[3], e1.svc_login[4]) END, ', ') AS files
         FROM e1 JOIN r ON r.src_ip = e1.src_ip AND r.dst_ip = e1.dst_ip AND r.dst_port = e1.dst_port AND r.ep = e1.ep
         WHERE r.svc GROUP BY 1, 2, 3
       ), quieted AS (
         INSERT INTO quieted_pair (assessment_id, detector, src_ip, dst_ip, dst_port, sessions, first_ts, last_ts, reason)
         SELECT $1, '${ID}', qp.src_ip, qp.dst_ip, qp.dst_port, qp.sessions, qp.first_ts, qp.last_ts,
                concat_ws('; ',
                  CASE WHEN sl.users IS NOT NULL THEN format('logins as %s in %s', sl.users, sl.files) END,
                  CASE WHEN qp.days > 0 AND qp.half <= $7 THEN format('same time of day on %s days (%s UTC ± %s min)', qp.days,
                       ${HHMM('qp.mid')}, greatest(1, ceil(qp.half / 60)))
                       -- many sessions a day (an admin's daily hops): each has one on another day within
                       -- the tolerance, but together they are no one time of day — say what the rule saw
                       WHEN qp.days > 0 THEN format('on %s days between %s and %s UTC, each session within %s min of the time of day of one on another day',
                       qp.days, ${HHMM('qp.lo')}, ${HHMM('qp.hi')}, ceil($7 / 60.0)) END)
         FROM qp LEFT JOIN sl ON sl.src_ip = qp.src_ip AND sl.dst_ip = qp.dst_ip AND sl.dst_port = qp.dst_port
       )`;

/** A session's bytes both ways; under sampling one standard error low (sampling.ts). */
const SESSION_BYTES_LOW = sampledLow('s.bytes + COALESCE(s.rev_bytes, 0)', 's.packets + COALESCE(s.rev_packets, 0)', 's.sampling');

/**
 * A session with data both ways: payload flags from the initiator, or bytes beyond bare headers
 * when the export has no flags. Under 1-in-N packet sampling (lib/detect/network/sampling.ts) a
 * slice of a session often keeps only one direction's packets, so one direction with payload
 * and at least `pivotBytes` (scaled) is evidence enough there: more than a connect scan's or a
 * failed guess's bare handshakes can weigh.
 */
const WITH_DATA = `((COALESCE(s.rev_packets, 0) > 0 OR (s.sampling > 1 AND ${SESSION_BYTES_LOW} >= $9))
  AND CASE WHEN s.tcp_flags IS NULL THEN s.bytes > 64 * s.packets ELSE ((s.tcp_flags | COALESCE(s.rev_tcp_flags, 0)) & 8) = 8 END)`;

/**
 * Sessions turned to face the service: a two-way record or an unpaired one-way record that
 * starts with the server's packet (an exporter's later slice of a long session, or the slice
 * whose client packets sampling dropped) has the admin port as its source; it is the same
 * connection seen from the other end, initiated by its destination.
 */
const FACING = `SELECT id, ids, start_ts, end_ts, sampling, proto,
         CASE WHEN flip THEN dst_ip ELSE src_ip END AS src_ip, CASE WHEN flip THEN src_ip ELSE dst_ip END AS dst_ip,
         CASE WHEN flip THEN dst_port ELSE src_port END AS src_port, CASE WHEN flip THEN src_port ELSE dst_port END AS dst_port,
         CASE WHEN flip THEN COALESCE(rev_packets, 0) ELSE packets END AS packets, CASE WHEN flip THEN COALESCE(rev_bytes, 0) ELSE bytes END AS bytes,
         CASE WHEN flip THEN packets ELSE rev_packets END AS rev_packets, CASE WHEN flip THEN bytes ELSE rev_bytes END AS rev_bytes,
         CASE WHEN flip THEN rev_tcp_flags ELSE tcp_flags END AS tcp_flags, CASE WHEN flip THEN tcp_flags ELSE rev_tcp_flags END AS rev_tcp_flags
       FROM (SELECT s0.*, (s0.src_port = ANY($6::int[]) AND NOT s0.dst_port = ANY($6::int[]) AND s0.dst_port >= 1024) AS flip FROM sess s0) f0`;

export const lateralMovement = defineDetector({
  id: ID,
  title: 'Lateral movement to admin ports',
  source: 'network',
  stage: stageOfTactic('lateral-movement'),
  techniques: ['T1021.004', 'T1021.001', 'T1021.006', 'T1021.002', 'T1021.003', 'T1021.005'],
  technique: 'x.technique',
  description:
    'An internal host opens SSH/RDP/WinRM/SMB/RPC/VNC sessions with data to another internal host after it was itself reached from outside on an admin port, or while fanning out to several internal hosts it never reached before; one detection per (source, destination, service), on the destination with the source as peer. A pair seen on other days at the same hour, or whose logins the destination’s auth.log shows as a service account (system uid), is routine: not reported, and kept with its reason as a quieted pair.',
  thresholds: {
    hosts: {
      label: 'Fan-out: new internal hosts',
      default: 3,
      min: 1,
      anchor: 'Sightline default (no public anchor for flow fan-out)',
    },
    windowSeconds: {
      label: 'Window',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'elastic discovery_*_scanning_activity: hourly buckets',
    },
    baselineSeconds: {
      label: 'Usual-admin look-back',
      default: 86_400,
      unit: 's',
      min: 0,
      anchor: 'Sightline default: a host that did this a day earlier is an admin host',
    },
    pivotBytes: {
      label: 'Pivot: bytes of the session from outside',
      default: 8_000,
      unit: 'B',
      min: 0,
      anchor:
        'Sightline default: a login that goes on to a shell moves more than a failed guess (hydra: ~5.5 KB both ways); Zeek infers SSH success from sizes (docs/ANCHORS.md#zeek-bruteforce)',
    },
    pivotSeconds: {
      label: 'Pivot: reached from outside within',
      default: 86_400,
      unit: 's',
      min: 0,
      anchor: 'Sightline default: one day, as RITA datasets; issue 15 §4 "from a host with an activity earlier in the chain"',
    },
    serviceUidMax: {
      label: 'Routine: service accounts up to uid',
      default: 999,
      min: 1,
      anchor: 'login.defs(5) SYS_UID_MAX = 999; Debian Policy §9.2.2: uids 100–999 are system (service) accounts',
    },
    routineSeconds: {
      label: 'Routine: same time of day within',
      default: 3_600,
      unit: 's',
      min: 0,
      anchor: 'issue 22 §6: a pair that repeats at the same hour (a backup) is routine',
    },
  },
  ctes: `${sessionsCte('(f.dst_port = ANY($6::int[]) OR f.src_port = ANY($6::int[]))')},
       facing AS (${FACING}),
       ok AS (
         SELECT s.* FROM facing s
         WHERE s.dst_port = ANY($6::int[]) AND NOT ${SESSION_FAILED} AND NOT ${SESSION_BACKSCATTER} AND ${WITH_DATA}
       ), s AS (
         SELECT ok.*, min(start_ts) OVER (PARTITION BY src_ip) AS src_first,
                (
                  SELECT ARRAY[COALESCE(o.user_name, l.user_name, '?'), o.uid::text, COALESCE(l.host_name, ''),
                               COALESCE(regexp_replace(sf.path, '^.*[/:]', ''), 'log')]
                  FROM log_event l JOIN log_event o
                    ON o.assessment_id = l.assessment_id AND o.kind = 'login' AND o.host_name IS NOT DISTINCT FROM l.host_name AND o.pid = l.pid
                   AND o.ts BETWEEN l.ts AND l.ts + interval '60 seconds' AND o.uid BETWEEN 1 AND $10
                  LEFT JOIN source_file sf ON sf.assessment_id = l.assessment_id AND sf.id = l.source_file_id
                  WHERE l.assessment_id = $1 AND l.kind = 'ssh_accepted' AND l.src_ip = ok.src_ip AND l.src_port = ok.src_port
                    AND l.ts BETWEEN ok.start_ts - interval '120 seconds' AND ok.end_ts
                  ORDER BY l.ts, o.ts LIMIT 1
                ) AS svc_login
         FROM ok
         WHERE ${isInternal('ok.src_ip', 2)} AND ${isInternal('ok.dst_ip', 2)} AND ok.src_ip <> ok.dst_ip
       ), ext AS (
         SELECT ok.dst_ip AS ip, ok.src_ip AS ext_ip, ok.dst_port AS ext_port, ok.start_ts FROM ok
         WHERE NOT ${isInternal('ok.src_ip', 2)} AND ${isInternal('ok.dst_ip', 2)}
           AND ${sampledLow('ok.bytes + COALESCE(ok.rev_bytes, 0)', 'ok.packets + COALESCE(ok.rev_packets, 0)', 'ok.sampling')} >= $9
       ), e0 AS (
         SELECT s.*, CASE WHEN start_ts <= lag(start_ts) OVER w + make_interval(secs => $4) THEN 0 ELSE 1 END AS brk
         FROM s WINDOW w AS (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts, id)
       ), e1 AS (
         SELECT *, sum(brk) OVER (PARTITION BY src_ip, dst_ip, dst_port ORDER BY start_ts, id) AS ep FROM e0
       ), pe AS (
         SELECT src_ip, dst_ip, dst_port, ep, min(start_ts) AS s, max(end_ts) AS e, count(DISTINCT src_port) AS n, min(sampling) AS rate,
                bool_and(svc_login IS NOT NULL) AS svc,
                min(src_first) AS src_first,
                array_agg(DISTINCT fid ORDER BY fid) AS ids
         FROM e1 CROSS JOIN LATERAL unnest(e1.ids) AS u(fid) GROUP BY 1, 2, 3, 4
       ), r0 AS (
         SELECT pe.*, EXISTS (
                  SELECT 1 FROM s o
                  WHERE o.src_ip = pe.src_ip AND o.dst_ip = pe.dst_ip AND o.dst_port = pe.dst_port AND abs(extract(epoch FROM o.start_ts - pe.s)) > 43200
                    AND least(abs(mod((extract(epoch FROM o.start_ts) - extract(epoch FROM pe.s))::numeric, 86400)),
                              86400 - abs(mod((extract(epoch FROM o.start_ts) - extract(epoch FROM pe.s))::numeric, 86400))) <= $7
                ) AS timed
         FROM pe
       ), r AS (
         SELECT r0.*, r0.svc OR r0.timed AS routine FROM r0
       ), ${QUIETED}, pv AS (
         SELECT DISTINCT ON (r.src_ip, r.dst_ip, r.dst_port, r.ep) r.src_ip, r.dst_ip, r.dst_port, r.ep,
                x.ext_ip, x.ext_port, x.start_ts AS ext_ts
         FROM r JOIN ext x ON x.ip = r.src_ip AND x.start_ts < r.s AND x.start_ts >= r.s - make_interval(secs => $8)
         ORDER BY r.src_ip, r.dst_ip, r.dst_port, r.ep, x.start_ts DESC
       ), fan AS (
         SELECT r.src_ip, r.dst_ip, r.dst_port, r.ep, (
                  SELECT count(DISTINCT o.dst_ip) FROM r o
                  WHERE o.src_ip = r.src_ip AND NOT o.routine AND o.s BETWEEN r.s - make_interval(secs => $4) AND r.s + make_interval(secs => $4)
                ) AS hosts
         FROM r
       ), x AS (
         SELECT r.*, pv.ext_ip, pv.ext_port, pv.ext_ts, fan.hosts,
                (fan.hosts >= $3 AND r.src_first >= r.s - make_interval(secs => $5)) AS fanout
         FROM r JOIN fan USING (src_ip, dst_ip, dst_port, ep) LEFT JOIN pv USING (src_ip, dst_ip, dst_port, ep)
         WHERE NOT r.routine
       )`,
  select: `SELECT CASE dst_port WHEN 22 THEN 'T1021.004' WHEN 3389 THEN 'T1021.001' WHEN 445 THEN 'T1021.002' WHEN 135 THEN 'T1021.003'
                            WHEN 5900 THEN 'T1021.005' ELSE 'T1021.006' END AS technique,
              dst_ip AS host, src_ip AS peer, s AS start_ts, e AS end_ts,
              least(0.9, CASE WHEN ext_ip IS NOT NULL THEN 0.7 ELSE 0.5 END + CASE WHEN fanout THEN 0.1 * (hosts - $3 + 1) ELSE 0 END) AS score,
              format('%s opened %s %s with data to %s:%s%s%s%s', host(src_ip), n, CASE WHEN n = 1 THEN 'session' ELSE 'sessions' END,
                     host(dst_ip), dst_port,
                     CASE WHEN ext_ip IS NOT NULL
                          THEN format(', %s s after %s reached it from outside on port %s', round(extract(epoch FROM s - ext_ts)), host(ext_ip), ext_port)
                          ELSE '' END,
                     CASE WHEN fanout THEN format(', one of %s internal hosts it reached on admin ports within %s s, never before', hosts, $4::int)
                          ELSE '' END,
                     CASE WHEN rate > 1 THEN format('; seen in a 1-in-%s packet sample (sessions and bytes estimated from it)', rate) ELSE '' END) AS summary,
              ids AS evidence_ids
       FROM x WHERE ext_ip IS NOT NULL OR fanout`,
  params: ({ t, internalRanges }) => [
    internalRanges,
    t.hosts,
    t.windowSeconds,
    t.baselineSeconds,
    ADMIN_PORTS,
    t.routineSeconds,
    t.pivotSeconds,
    t.pivotBytes,
    t.serviceUidMax,
  ],
});
