// Correlation: detections from both sources become activities when they share host, peer and
// technique (or techniques declared equivalent below) and their spans overlap within the
// tolerance; different techniques stay different rows even on one host in one minute. Then,
// for each activity and each source that did not detect it, the source's records that belong
// to it are looked up (evidence) — otherwise that source was blind, or `unknown` when it cannot
// be tied to the activity's host at all. Each activity says in one line per source why it is
// marked so. All set-based SQL.
//
// Evidence comes from the activity's own host only: the network's from flows of the host's
// own (unshared) addresses with the peer — on the activity's service port when its log records
// name one — and from the host's DNS queries whose answer gave the peer's address (a sensor's
// dns.log or EVE dns events, `dns_query`, whose ids share flow's sequence); the logs' from the host's own lines that name the peer. Peer-less activities take
// the kinds of records their stage leaves, on that host.
//
// The work is shaped so that it grows with the detections, not with the stored records:
// activities and their evidence are assembled in temporary tables and written once (no row
// is updated after it is written), and the only reads of `flow` and `log_event` are index
// range probes on an address or a host name.
import type pg from 'pg';
import { maxFlowSeconds } from '../records/rollups';
import { severitySql } from '../severity';

export interface CorrelateOptions {
  assessmentId: string;
  toleranceSeconds: number;
  /**
   * Most records linked per activity and source when the source did not detect it (evidence,
   * first in time order; the drill-down pages them). Records a detector named are all linked.
   */
  maxEvidence?: number;
  /**
   * How far a new session may start from a peer-less step and still be the one that carried it
   * (default `SESSION_SLACK_SECONDS`; the whole tolerance for sources with coarse time).
   */
  sessionSlackSeconds?: number;
}

/**
 * Techniques that name one action seen from two sides: detections of any two in a group merge
 * (same host, peer, overlapping spans). Declared here once; the first of a group is its key.
 */
export const EQUIVALENT_TECHNIQUES: readonly (readonly string[])[] = [
  // Password guessing: many short sessions on the wire, sshd failures in the logs.
  ['T1110.001', 'T1110'],
  // A beacon on the wire, a logs-side loop of curl/wget to the same peer.
  ['T1071.001', 'T1071'],
  // A valid-account login over SSH: the wire sees the session, sshd names the account.
  ['T1021.004', 'T1078', 'T1078.003'],
  // Data sent to one peer: the wire sees the volume, the host the program that sent it.
  ['T1041', 'T1048', 'T1048.003'],
  // C2 over DNS: the wire's query volume (flows), the names asked (DNS logs) carrying a tunnel.
  ['T1071.004', 'T1572'],
];

/** A technique's merge key: the first technique of its equivalence group, else its own id. */
export function mergeKeyOf(technique: string): string {
  const id = techniqueIdOf(technique);
  return EQUIVALENT_TECHNIQUES.find((g) => g.includes(id))?.[0] ?? id;
}

/** `T1071.001 Web Protocols` → `T1071.001`. */
export function techniqueIdOf(technique: string): string {
  return technique.trim().split(/\s/)[0] ?? technique;
}

const MERGE_KEYS: Record<string, string> = Object.fromEntries(EQUIVALENT_TECHNIQUES.flatMap((g) => g.map((t) => [t, g[0] ?? t])));

// Log event kinds that count as evidence for a stage when an activity has no peer to match.
export const STAGE_LOG_KINDS: Record<string, string[]> = {
  recon: ['ssh_no_ident', 'ssh_preauth', 'firewall_drop'],
  delivery: ['ssh_failed', 'ssh_invalid_user', 'ssh_accepted', 'exec'],
  exploitation: ['exec', 'ssh_accepted', 'sudo', 'su', 'priv_cmd'],
  installation: ['user_add', 'group_add', 'user_mod', 'cron_replace', 'unit_new', 'file_create', 'file_write', 'module_load'],
  c2: ['connect'],
  actions: ['exec', 'connect', 'ssh_accepted'],
};

/**
 * Flows that count as network evidence for a peer-less activity: a new session into the host's
 * remote-administration services that starts with the step (`ssh host 'cat >> …/authorized_keys'`
 * carries the change itself). A command typed in a session opened minutes before makes no flow
 * of its own, nor do other stages' peer-less steps: the network has nothing to show for them.
 */
export const STAGE_FLOW_PORTS: Record<string, number[]> = {
  installation: [22, 23, 3389, 5900, 5985, 5986],
};

/**
 * A command given to a new session runs within seconds of its first packet (key exchange and
 * authentication take well under this on any network a defender records), and an exporter
 * and a host synchronised by NTP agree to well within it: a session that started earlier than
 * this before the step, or after it, is not the one that carried it.
 */
export const SESSION_SLACK_SECONDS = 10;

export async function correlate(client: pg.PoolClient, opts: CorrelateOptions): Promise<number> {
  const { assessmentId: a, toleranceSeconds: tol } = opts;
  const maxEvidence = opts.maxEvidence ?? 1_000;
  const slack = Math.min(tol, opts.sessionSlackSeconds ?? SESSION_SLACK_SECONDS);
  // activity_evidence is derived and rebuilt here as a whole; it has no foreign keys (their
  // per-row checks were a third of correlation's time), so it is emptied first, explicitly.
  await client.query('DELETE FROM activity_evidence WHERE assessment_id = $1', [a]);
  await client.query('DELETE FROM activity WHERE assessment_id = $1', [a]);

  // Detections, with network detections named after the host their address maps to (when it
  // maps to exactly one), clustered: a detection joins the group before it when it starts
  // within the tolerance of the group's latest end (same host, peer and technique key).
  await client.query(
    // hm is computed once (MATERIALIZED): host_address and detection were written in this
    // transaction, so their statistics (taken after the commit) may say one row each, and the
    // inlined CTE was planned as the inner side of a nested loop — re-sorting every host address
    // for each detection: 2.7–3.0 s of the 250-host week's analysis on a server holding earlier
    // assessments (2 424 detections × 140 addresses), ~25 ms once (auto_explain, 2026-12-08).
    `CREATE TEMP TABLE cl ON COMMIT DROP AS
     WITH hm AS MATERIALIZED (
       SELECT DISTINCT ON (ha.ip) ha.ip, h.name
       FROM host_address ha JOIN host h ON h.id = ha.host_id
       WHERE ha.assessment_id = $1 AND NOT ha.is_shared
       ORDER BY ha.ip, h.name
     ), d AS (
       SELECT d.id, d.source, d.stage, d.technique, d.score, d.summary, d.host_ip, d.start_ts, d.end_ts, d.evidence_ids,
              coalesce(d.host_name, hm.name) AS host_name,
              coalesce(d.host_name, hm.name, host(d.host_ip), '') AS hk, coalesce(host(d.peer), '') AS pk,
              coalesce($3::jsonb ->> split_part(trim(d.technique), ' ', 1), split_part(trim(d.technique), ' ', 1)) AS tk
       FROM detection d LEFT JOIN hm ON hm.ip = d.host_ip
       WHERE d.assessment_id = $1
     ), o AS (
       SELECT *, max(end_ts) OVER (PARTITION BY hk, pk, tk ORDER BY start_ts, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
       FROM d
     )
     SELECT *, sum(CASE WHEN prev_end IS NOT NULL AND start_ts <= prev_end + make_interval(secs => $2) THEN 0 ELSE 1 END)
                 OVER (PARTITION BY hk, pk, tk ORDER BY start_ts, id) AS grp
     FROM o`,
    [a, tol, JSON.stringify(MERGE_KEYS)],
  );
  // One row per activity, its id drawn now so evidence can point at it before it is written.
  // Stage and technique are the most specific detection's (a sub-technique over its parent),
  // then the strongest's; the span covers every detection. Whether each source can be tied to
  // the host, so that its silence means something: the network through the host's own unshared
  // addresses (no flow carrying them is then a blind network: no exporter on the path); the
  // logs through the host's name, or through an address no host that sent logs has when every
  // such host's address is known (a host that sends no logs is blind to the logs, the finding a
  // SOC lead came for). `unknown` is left for what cannot be tied: a source not given at all,
  // a host without an address, an address that may belong to an unmapped or doubtful host.
  await client.query(
    `CREATE TEMP TABLE act ON COMMIT DROP AS
     WITH hips AS (
       SELECT h.name, array_agg(DISTINCT host(ha.ip) ORDER BY host(ha.ip)) AS ips,
              array_remove(array_agg(DISTINCT CASE WHEN NOT ha.is_shared THEN host(ha.ip) END), NULL) AS own
       FROM host h JOIN host_address ha ON ha.host_id = h.id
       WHERE h.assessment_id = $1 GROUP BY h.name
     ), a AS (
       SELECT nextval(pg_get_serial_sequence('activity', 'id')) AS aid, g.*,
              coalesce(hips.ips, g.det_ips) AS host_ips,
              CASE WHEN g.host_name IS NOT NULL THEN coalesce(hips.own, '{}') ELSE g.det_ips END AS own_ips,
              g.s - make_interval(secs => $2) AS ws, g.e + make_interval(secs => $2) AS we
       FROM (
         SELECT hk, pk, tk, grp,
                (array_agg(stage ORDER BY split_part(trim(technique), ' ', 1) LIKE '%.%' DESC, score DESC, id))[1] AS stage,
                (array_agg(technique ORDER BY split_part(trim(technique), ' ', 1) LIKE '%.%' DESC, score DESC, id))[1] AS technique,
                (array_agg(host_name ORDER BY host_name NULLS LAST))[1] AS host_name,
                array_remove(array_agg(DISTINCT host(host_ip)), NULL) AS det_ips,
                array_agg(id ORDER BY id) AS det_ids,
                min(start_ts) AS s, max(end_ts) AS e, max(score) AS score,
                bool_or(source = 'network') AS net, bool_or(source = 'logs') AS lg,
                (array_agg(summary ORDER BY score DESC, id))[1] AS summary
         FROM cl GROUP BY hk, pk, tk, grp
       ) g LEFT JOIN hips ON hips.name = g.host_name
     ), ports AS (
       -- The service port the activity's log records name for its peer: the port it connected
       -- to, or the local port the peer reached (sshd's, unless the line says another).
       SELECT cl.hk, cl.pk, cl.tk, cl.grp, array_agg(DISTINCT x.p ORDER BY x.p) AS ports
       FROM cl CROSS JOIN LATERAL unnest(cl.evidence_ids) AS r(id)
       JOIN log_event e ON e.id = r.id AND e.assessment_id = $1
       CROSS JOIN LATERAL (SELECT CASE WHEN e.dst_ip = cl.pk::inet THEN e.dst_port
                                       WHEN e.src_ip = cl.pk::inet
                                         THEN coalesce(e.dst_port, CASE WHEN e.kind LIKE 'ssh%' OR e.program = 'sshd' THEN 22 END)
                                  END AS p) x
       WHERE cl.source = 'logs' AND cl.pk <> '' AND x.p IS NOT NULL
       GROUP BY cl.hk, cl.pk, cl.tk, cl.grp
     )
     , src AS (
       -- Whether each source was given at all, and whether every host that sent logs has an
       -- address of its own (then an address no such host has is one that sends no logs).
       SELECT EXISTS (SELECT 1 FROM flow_address_rollup r WHERE r.assessment_id = $1) AS any_flows,
              EXISTS (SELECT 1 FROM dns_query d WHERE d.assessment_id = $1) AS any_dns,
              EXISTS (SELECT 1 FROM log_rollup r WHERE r.assessment_id = $1) AS any_logs,
              NOT EXISTS (
                SELECT 1 FROM (SELECT DISTINCT host_name FROM log_rollup WHERE assessment_id = $1) l
                WHERE NOT EXISTS (SELECT 1 FROM hips WHERE hips.name = l.host_name AND cardinality(hips.own) > 0)
              ) AS log_hosts_addressed
     )
     SELECT a.*, src.any_logs, src.any_dns,
            src.any_flows AND cardinality(a.own_ips) > 0 AS net_known,
            cardinality(a.own_ips) > 0 AND EXISTS (
              SELECT 1 FROM flow_address_rollup r WHERE r.assessment_id = $1 AND r.ip = ANY(a.own_ips::inet[])
            ) AS net_carried,
            -- DNS logs (dns.log, EVE dns) are the network's too: a host whose lookups they hold has
            -- network evidence to look for even when no flow export carries it.
            cardinality(a.own_ips) > 0 AND src.any_dns AND EXISTS (
              SELECT 1 FROM dns_query d WHERE d.assessment_id = $1 AND d.client_ip = ANY(a.own_ips::inet[])
            ) AS dns_carried,
            src.any_logs AND (
              a.host_name IS NOT NULL
              OR (a.hk <> '' AND cardinality(a.own_ips) > 0 AND src.log_hosts_addressed
                  AND NOT EXISTS (SELECT 1 FROM host_address_doubt d WHERE d.assessment_id = $1 AND d.ip = ANY(a.own_ips::inet[])))
            ) AS logs_known,
            a.host_name IS NOT NULL AND EXISTS (
              SELECT 1 FROM log_rollup r WHERE r.assessment_id = $1 AND r.host_name = a.host_name
            ) AS logs_sent,
            ports.ports
     FROM a CROSS JOIN src LEFT JOIN ports USING (hk, pk, tk, grp)`,
    [a, tol],
  );

  // Evidence, gathered before anything is written: records named by detectors, then the
  // other source's records for each activity it did not detect.
  await client.query(
    `CREATE TEMP TABLE ev ON COMMIT DROP AS
     SELECT DISTINCT act.aid, cl.source, r.id AS record_id, true AS detected
     FROM cl JOIN act USING (hk, pk, tk, grp) CROSS JOIN LATERAL unnest(cl.evidence_ids) AS r(id)`,
  );
  // Network evidence: flows between one of the host's own addresses and the peer (on the
  // activity's service port when it has one) that overlap the span ± tolerance; for a
  // peer-less activity, new sessions (a SYN, where the export records flags: an exporter's
  // active-timeout split of a long session is no new session) into the host's services its
  // stage leaves flows on, starting with the step.
  // Probed from the indexed side: the peer's for a peer (`(… = ANY(hips)) IS TRUE` keeps the
  // host's side a filter), the host's otherwise; a flow overlapping the window started at most
  // the longest flow's duration before it. The first `maxEvidence` in time order are linked.
  const maxFlow = await maxFlowSeconds(client, a);
  await client.query(
    `INSERT INTO ev
     SELECT DISTINCT p.aid, 'network', f.id, false
     FROM (
       SELECT act.aid, nullif(act.pk, '')::inet AS peer, act.own_ips::inet[] AS hips, act.ports, act.ws, act.we,
              act.s - make_interval(secs => $5) AS ss, act.e + make_interval(secs => $5) AS se,
              ARRAY(SELECT jsonb_array_elements_text($4::jsonb -> act.stage))::int[] AS stage_ports
       FROM act WHERE NOT act.net AND (act.net_carried OR act.dns_carried)
     ) p CROSS JOIN LATERAL (
       (SELECT f.id, f.start_ts FROM flow f
        WHERE p.peer IS NOT NULL AND f.assessment_id = $1 AND f.dst_ip = p.peer
          AND f.start_ts BETWEEN p.ws - make_interval(secs => $2) AND p.we AND f.end_ts >= p.ws
          AND (f.src_ip = ANY(p.hips)) IS TRUE
          AND (p.ports IS NULL OR f.dst_port = ANY(p.ports) OR f.src_port = ANY(p.ports))
        ORDER BY f.start_ts, f.id LIMIT $3)
       UNION
       (SELECT f.id, f.start_ts FROM flow f
        WHERE p.peer IS NOT NULL AND f.assessment_id = $1 AND f.src_ip = p.peer
          AND f.start_ts BETWEEN p.ws - make_interval(secs => $2) AND p.we AND f.end_ts >= p.ws
          AND (f.dst_ip = ANY(p.hips)) IS TRUE
          AND (p.ports IS NULL OR f.dst_port = ANY(p.ports) OR f.src_port = ANY(p.ports))
        ORDER BY f.start_ts, f.id LIMIT $3)
       UNION
       -- The host looking up the peer's name: a DNS query of its own whose answer gave the peer's address.
       (SELECT d.id, d.ts FROM dns_query d
        WHERE p.peer IS NOT NULL AND d.assessment_id = $1 AND d.client_ip = ANY(p.hips) AND d.ts BETWEEN p.ws AND p.we
          AND d.answer_ips @> ARRAY[p.peer]
        ORDER BY d.ts, d.id LIMIT $3)
       UNION
       (SELECT f.id, f.start_ts FROM flow f
        WHERE p.peer IS NULL AND cardinality(p.stage_ports) > 0 AND f.assessment_id = $1 AND f.dst_ip = ANY(p.hips)
          AND f.start_ts BETWEEN p.ss AND p.se AND f.dst_port = ANY(p.stage_ports) AND (f.tcp_flags IS NULL OR f.tcp_flags & 2 <> 0)
        ORDER BY f.start_ts, f.id LIMIT $3)
       UNION
       (SELECT f.id, f.start_ts FROM flow f
        WHERE p.peer IS NULL AND cardinality(p.stage_ports) > 0 AND f.assessment_id = $1 AND f.src_ip = ANY(p.hips)
          AND f.start_ts BETWEEN p.ss AND p.se AND f.src_port = ANY(p.stage_ports) AND (f.tcp_flags IS NULL OR f.tcp_flags & 2 <> 0)
        ORDER BY f.start_ts, f.id LIMIT $3)
       ORDER BY start_ts, id LIMIT $3
     ) f`,
    [a, maxFlow, maxEvidence, JSON.stringify(STAGE_FLOW_PORTS), slack],
  );
  // The logs' window stops where another step the logs detected with the same peer on the same
  // host begins (and starts where one ended): its lines are that step's. Whole seconds: syslog
  // stamps a line to the second, the flows to the millisecond. (A temporary table: no activity
  // row is ever updated.) One join on (peer, host) with the logs-detected steps, not a subquery
  // per activity over all of them: that was quadratic, 300 s of 20 k beaconing activities.
  await client.query(
    `ALTER TABLE act ADD COLUMN lws timestamptz, ADD COLUMN lwe timestamptz;
     UPDATE act SET lws = greatest(act.ws, b.prev_end), lwe = least(act.we, b.next_start)
     FROM (
       SELECT a.aid,
              date_trunc('second', max(o.e) FILTER (WHERE o.e <= a.s)) + interval '1 second' AS prev_end,
              date_trunc('second', min(o.s) FILTER (WHERE o.s >= a.e)) - interval '1 millisecond' AS next_start
       FROM act a LEFT JOIN act o ON a.pk <> '' AND o.pk = a.pk AND o.host_name = a.host_name AND o.aid <> a.aid AND o.lg
       GROUP BY a.aid
     ) b
     WHERE b.aid = act.aid`,
  );
  // Log evidence: the host's own events that name the peer, from the partial address indexes
  // (src_ip | dst_ip, host_name, ts), which hold one host's events to a peer together; for
  // peer-less activities, the host's events of the kinds the stage leaves behind, from
  // (host_name, ts). The first `maxEvidence` in time order, inside the
  // logs' window above (a half-open sweep is not "seen by the logs" through the guessing and the
  // session that followed it within the tolerance). A line another activity's detector named
  // still counts: the shell a web exploit spawned is the logs' evidence of the exploit too.
  await client.query(
    `INSERT INTO ev
     SELECT DISTINCT x.aid, 'logs', h.id, false
     FROM (
       SELECT act.aid, act.host_name, nullif(act.pk, '')::inet AS peer, act.lws AS ws, act.lwe AS we,
              ARRAY(SELECT jsonb_array_elements_text($3::jsonb -> act.stage)) AS kinds
       FROM act WHERE NOT act.lg AND act.logs_sent
     ) x CROSS JOIN LATERAL (
       (SELECT e.id, e.ts FROM log_event e
        WHERE e.assessment_id = $1 AND e.src_ip = x.peer AND e.host_name = x.host_name AND e.ts BETWEEN x.ws AND x.we
        ORDER BY e.ts, e.id LIMIT $2)
       UNION
       (SELECT e.id, e.ts FROM log_event e
        WHERE e.assessment_id = $1 AND e.dst_ip = x.peer AND e.host_name = x.host_name AND e.ts BETWEEN x.ws AND x.we
        ORDER BY e.ts, e.id LIMIT $2)
       UNION
       (SELECT e.id, e.ts FROM log_event e
        WHERE x.peer IS NULL AND e.assessment_id = $1 AND e.host_name = x.host_name AND e.ts BETWEEN x.ws AND x.we
          AND e.kind = ANY(x.kinds)
        ORDER BY e.ts, e.id LIMIT $2)
       ORDER BY ts, id LIMIT $2
     ) h`,
    [a, maxEvidence, JSON.stringify(STAGE_LOG_KINDS)],
  );

  // ev is a temporary table autovacuum never sees: without statistics PostgreSQL took the week's
  // 320 k evidence rows for 1 253 and looked each of 294 k flows up by index (1.7 s of the
  // statement below); with them it hash-joins, and the log events are read once (\`le\`), not
  // twice. Correlation of the week 4.35 / 4.48 s → 3.33 / 3.37 s, the same activities.
  await client.query('ANALYZE ev');
  // Each activity written once, with what each source saw, how many records show it and one
  // line per source saying why it is marked so.
  const inserted = await client.query(
    `WITH c AS (
       SELECT aid, count(*) FILTER (WHERE source = 'network') AS net, count(*) FILTER (WHERE source = 'logs') AS lg,
              count(*) FILTER (WHERE source = 'network'
                                 AND EXISTS (SELECT 1 FROM dns_query d WHERE d.assessment_id = $1 AND d.id = ev.record_id)) AS dns
       FROM ev GROUP BY aid
     ), le AS MATERIALIZED (
       -- The log evidence's events, read once for their kinds and their hosts.
       SELECT ev.aid, e.kind, e.host_name FROM ev JOIN log_event e ON e.id = ev.record_id AND e.assessment_id = $1
       WHERE ev.source = 'logs'
     ), lk AS (
       SELECT aid, string_agg(format('%s %s', n, kind), ', ' ORDER BY n DESC, kind) FILTER (WHERE rk <= 3) AS kinds
       FROM (
         SELECT le.aid, le.kind, count(*) AS n, row_number() OVER (PARTITION BY le.aid ORDER BY count(*) DESC, le.kind) AS rk
         FROM le GROUP BY le.aid, le.kind
       ) k GROUP BY aid
     ), vp AS (
       -- Vantage points (the cost of seeing counts them per stage): the exporters, or flow files
       -- when the export names none, of the network evidence; the hosts of the log evidence.
       SELECT aid, array_agg(DISTINCT k) FILTER (WHERE source = 'network') AS sensors, array_agg(DISTINCT k) FILTER (WHERE source = 'logs') AS hosts
       FROM (
         SELECT ev.aid, ev.source, coalesce(host(f.exporter), sf.id::text) AS k
         FROM ev JOIN flow f ON f.assessment_id = $1 AND f.id = ev.record_id JOIN source_file sf ON sf.assessment_id = $1 AND sf.id = f.source_file_id
         WHERE ev.source = 'network'
         UNION ALL
         SELECT le.aid, 'logs', le.host_name FROM le WHERE le.host_name IS NOT NULL
       ) k GROUP BY aid
     ), x AS (
       SELECT act.*, coalesce(c.net, 0) AS n_net, coalesce(c.lg, 0) AS n_lg, coalesce(c.dns, 0) AS n_dns, lk.kinds,
              coalesce(vp.sensors, '{}') AS sensors, coalesce(vp.hosts, '{}') AS log_hosts,
              coalesce(nullif(array_to_string(act.own_ips[1:2], ', '), ''), nullif(act.hk, ''), 'an unknown host') AS addr,
              coalesce(act.host_name, nullif(act.hk, ''), 'an unknown host') AS who,
              CASE WHEN act.ports IS NULL THEN '' WHEN cardinality(act.ports) = 1 THEN format(' port %s', act.ports[1])
                   ELSE format(' ports %s', array_to_string(act.ports, ', ')) END AS port_txt,
              -- What the network records are: flows, DNS queries (dns.log, EVE dns), or both, counted apart.
              CASE WHEN coalesce(c.dns, 0) = 0 THEN format('%s flows', coalesce(c.net, 0))
                   WHEN c.dns = c.net THEN format('%s DNS quer%s', c.dns, CASE WHEN c.dns = 1 THEN 'y' ELSE 'ies' END)
                   ELSE format('%s flows and %s DNS quer%s', c.net - c.dns, c.dns, CASE WHEN c.dns = 1 THEN 'y' ELSE 'ies' END) END AS net_txt,
              format('%s–%s UTC', to_char(act.ws AT TIME ZONE 'UTC', 'HH24:MI:SS'), to_char(act.we AT TIME ZONE 'UTC', 'HH24:MI:SS')) AS win,
              format('%s–%s UTC', to_char(act.lws AT TIME ZONE 'UTC', 'HH24:MI:SS'), to_char(act.lwe AT TIME ZONE 'UTC', 'HH24:MI:SS')) AS lwin,
              format('%s–%s UTC', to_char((act.s - make_interval(secs => $4)) AT TIME ZONE 'UTC', 'HH24:MI:SS'),
                     to_char((act.e + make_interval(secs => $4)) AT TIME ZONE 'UTC', 'HH24:MI:SS')) AS swin
       FROM act LEFT JOIN c ON c.aid = act.aid LEFT JOIN lk ON lk.aid = act.aid LEFT JOIN vp ON vp.aid = act.aid
     )
     INSERT INTO activity (id, assessment_id, stage, technique, host_name, host_ips, peer, start_ts, end_ts, network, logs,
                           score, severity, summary, network_records, log_records, detection_ids, network_reason, logs_reason,
                           network_sensors, log_hosts)
     SELECT x.aid, $1, x.stage, x.technique, x.host_name, x.host_ips, nullif(x.pk, '')::inet, x.s, x.e,
            CASE WHEN x.net THEN 'detected' WHEN x.n_net > 0 THEN 'evidence' WHEN NOT x.net_known THEN 'unknown' ELSE 'blind' END,
            CASE WHEN x.lg THEN 'detected' WHEN NOT x.logs_known THEN 'unknown' WHEN x.n_lg > 0 THEN 'evidence' ELSE 'blind' END,
            x.score,
            ${severitySql('x.score')},
            x.summary, x.n_net, x.n_lg, x.det_ids,
            CASE
              WHEN x.net AND x.pk <> '' AND x.hk = '' THEN format('network: detected — %s with %s', x.net_txt, x.pk)
              WHEN x.net AND x.pk <> '' THEN format('network: detected — %s %s ⇄ %s', x.net_txt, x.addr, x.pk)
              WHEN x.net THEN format('network: detected — %s of %s', x.net_txt, x.addr)
              WHEN cardinality(x.own_ips) = 0 AND x.host_name IS NOT NULL THEN format('network: unknown — no address known for %s', x.host_name)
              WHEN cardinality(x.own_ips) = 0 THEN 'network: unknown — the activity has no host address'
              WHEN x.n_dns > 0 AND x.n_net = x.n_dns AND x.pk <> '' AND NOT x.net_known
                THEN format('network: %s DNS quer%s by %s answered with %s in the window (%s); the assessment has no flow export, no detector fired', x.n_dns, CASE WHEN x.n_dns = 1 THEN 'y' ELSE 'ies' END, x.addr, x.pk, x.win)
              WHEN NOT x.net_known AND x.any_dns THEN 'network: unknown — the assessment has no flow export (its DNS log holds no query that shows this step)'
              WHEN NOT x.net_known THEN 'network: unknown — the assessment has no flow export'
              WHEN NOT x.net_carried THEN format('network: blind — no flow in the export involves %s: no exporter on its path', x.addr)
              WHEN x.n_dns > 0 AND x.n_net = x.n_dns AND x.pk <> '' THEN format('network: %s DNS lookup%s by %s answered with %s in the window (%s), no flow, no detector fired', x.n_dns, CASE WHEN x.n_dns = 1 THEN '' ELSE 's' END, x.addr, x.pk, x.win)
              WHEN x.n_dns > 0 AND x.pk <> '' THEN format('network: %s flows %s ⇄ %s%s and %s DNS lookup%s answered with %s in the window (%s), no detector fired', x.n_net - x.n_dns, x.addr, x.pk, x.port_txt, x.n_dns, CASE WHEN x.n_dns = 1 THEN '' ELSE 's' END, x.pk, x.win)
              WHEN x.n_net > 0 AND x.pk <> '' THEN format('network: %s flows %s ⇄ %s%s in the window (%s), no detector fired', x.n_net, x.addr, x.pk, x.port_txt, x.win)
              WHEN x.n_net > 0 THEN format('network: %s new sessions into %s (remote administration) as the step ran (%s), no detector fired', x.n_net, x.addr, x.swin)
              WHEN x.pk <> '' THEN format('network: blind — no flow %s ⇄ %s%s in the window (%s)', x.addr, x.pk, x.port_txt, x.win)
              WHEN $3::jsonb ? x.stage THEN format('network: blind — no new session into %s (remote administration) as the step ran (%s)', x.addr, x.swin)
              ELSE format('network: blind — a step without a peer at this stage makes no flow of its own on %s', x.addr)
            END,
            CASE
              WHEN x.lg THEN format('logs: detected — %s events on %s%s', x.n_lg, x.who, coalesce(format(' (%s)', x.kinds), ''))
              WHEN x.hk = '' THEN 'logs: unknown — the activity has no host'
              WHEN NOT x.any_logs THEN 'logs: unknown — the assessment has no logs'
              WHEN x.host_name IS NULL AND NOT x.logs_known THEN format('logs: unknown — no log source is tied to %s (a host that sent logs has no known address, or the address is in doubt)', x.who)
              WHEN x.host_name IS NULL THEN format('logs: blind — no host in the bundle has address %s, and every host that sent logs has a known address', x.who)
              WHEN NOT x.logs_sent THEN format('logs: blind — %s sends no logs: nothing from it in the bundle', x.host_name)
              WHEN x.n_lg > 0 AND x.pk <> '' THEN format('logs: %s events on %s naming %s in the window (%s; %s), no detector fired', x.n_lg, x.who, x.pk, x.lwin, x.kinds)
              WHEN x.n_lg > 0 THEN format('logs: %s events on %s of the kinds a %s step leaves in the window (%s; %s), no detector fired', x.n_lg, x.who, x.stage, x.lwin, x.kinds)
              WHEN x.pk <> '' THEN format('logs: blind — %s logged nothing naming %s in the window (%s)', x.who, x.pk, x.lwin)
              ELSE format('logs: blind — %s logged no %s in the window (%s)', x.who,
                          coalesce(array_to_string(ARRAY(SELECT jsonb_array_elements_text($2::jsonb -> x.stage)), ', '), 'events of this stage'), x.lwin)
            END,
            x.sensors, x.log_hosts
     FROM x`,
    [a, JSON.stringify(STAGE_LOG_KINDS), JSON.stringify(STAGE_FLOW_PORTS), slack],
  );
  await client.query(
    `INSERT INTO activity_evidence (assessment_id, activity_id, source, record_id, detected)
     SELECT $1, aid, source, record_id, detected FROM ev`,
    [a],
  );
  await client.query('DROP TABLE cl, act, ev');
  return inserted.rowCount ?? 0;
}
