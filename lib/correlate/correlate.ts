// Correlation: detections from both sources become activities when they share host and
// stage, their peers agree, and their spans overlap within the tolerance. Then, for each
// activity and each source that did not detect it, the source's records that belong to it
// are looked up (evidence) — otherwise that source was blind. All set-based SQL.
//
// The work is shaped so that it grows with the detections, not with the stored records:
// activities and their evidence are assembled in temporary tables and written once (no row
// is updated after it is written), and the only reads of `flow` and `log_event` are index
// range probes on the peer's address, whose side is the selective one (a host talks to
// thousands of addresses; a beacon's peer to a handful of hosts).
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
}

// Log event kinds that count as evidence for a stage when an activity has no peer to match.
const STAGE_LOG_KINDS: Record<string, string[]> = {
  recon: ['ssh_no_ident', 'ssh_preauth', 'firewall_drop'],
  delivery: ['ssh_failed', 'ssh_invalid_user', 'ssh_accepted', 'exec'],
  exploitation: ['exec', 'ssh_accepted', 'sudo', 'su', 'priv_cmd'],
  installation: ['user_add', 'group_add', 'user_mod', 'cron_replace', 'unit_new', 'file_create', 'file_write', 'module_load'],
  c2: ['connect'],
  actions: ['exec', 'connect', 'ssh_accepted'],
};

export async function correlate(client: pg.PoolClient, opts: CorrelateOptions): Promise<number> {
  const { assessmentId: a, toleranceSeconds: tol } = opts;
  const maxEvidence = opts.maxEvidence ?? 1_000;
  // activity_evidence is derived and rebuilt here as a whole; it has no foreign keys (their
  // per-row checks were a third of correlation's time), so it is emptied first, explicitly.
  await client.query('DELETE FROM activity_evidence WHERE assessment_id = $1', [a]);
  await client.query('DELETE FROM activity WHERE assessment_id = $1', [a]);

  // Detections, with network detections named after the host their address maps to (when it
  // maps to exactly one), clustered: a detection joins the group before it when it starts
  // within the tolerance of the group's latest end (same stage, host and peer).
  await client.query(
    `CREATE TEMP TABLE cl ON COMMIT DROP AS
     WITH hm AS (
       SELECT DISTINCT ON (ha.ip) ha.ip, h.name
       FROM host_address ha JOIN host h ON h.id = ha.host_id
       WHERE ha.assessment_id = $1 AND NOT ha.is_shared
       ORDER BY ha.ip, h.name
     ), d AS (
       SELECT d.id, d.source, d.stage, d.technique, d.score, d.summary, d.host_ip, d.start_ts, d.end_ts, d.evidence_ids,
              coalesce(d.host_name, hm.name) AS host_name,
              coalesce(d.host_name, hm.name, host(d.host_ip), '') AS hk, coalesce(host(d.peer), '') AS pk
       FROM detection d LEFT JOIN hm ON hm.ip = d.host_ip
       WHERE d.assessment_id = $1
     ), o AS (
       SELECT *, max(end_ts) OVER (PARTITION BY stage, hk, pk ORDER BY start_ts, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
       FROM d
     )
     SELECT *, sum(CASE WHEN prev_end IS NOT NULL AND start_ts <= prev_end + make_interval(secs => $2) THEN 0 ELSE 1 END)
                 OVER (PARTITION BY stage, hk, pk ORDER BY start_ts, id) AS grp
     FROM o`,
    [a, tol],
  );
  // One row per activity, its id drawn now so evidence can point at it before it is written.
  await client.query(
    `CREATE TEMP TABLE act ON COMMIT DROP AS
     WITH hips AS (
       SELECT h.name, array_agg(DISTINCT host(ha.ip) ORDER BY host(ha.ip)) AS ips
       FROM host h JOIN host_address ha ON ha.host_id = h.id
       WHERE h.assessment_id = $1 GROUP BY h.name
     )
     SELECT nextval(pg_get_serial_sequence('activity', 'id')) AS aid, g.*,
            coalesce(hips.ips, g.det_ips) AS host_ips,
            g.s - make_interval(secs => $2) AS ws, g.e + make_interval(secs => $2) AS we
     FROM (
       SELECT stage, hk, pk, grp,
              -- The host's own record names the technique when both sources detected it (a process
              -- and its command line say more than a connection's shape).
              (array_agg(technique ORDER BY source = 'logs' DESC, score DESC, id))[1] AS technique,
              (array_agg(host_name ORDER BY host_name NULLS LAST))[1] AS host_name,
              array_remove(array_agg(DISTINCT host(host_ip)), NULL) AS det_ips,
              array_agg(id ORDER BY id) AS det_ids,
              min(start_ts) AS s, max(end_ts) AS e, max(score) AS score,
              bool_or(source = 'network') AS net, bool_or(source = 'logs') AS lg,
              (array_agg(summary ORDER BY source = 'logs' DESC, score DESC, id))[1] AS summary
       FROM cl GROUP BY stage, hk, pk, grp
     ) g LEFT JOIN hips ON hips.name = g.host_name`,
    [a, tol],
  );

  // Evidence, gathered before anything is written: records named by detectors, then the
  // other source's records for each activity it did not detect.
  await client.query(
    `CREATE TEMP TABLE ev ON COMMIT DROP AS
     SELECT DISTINCT act.aid, cl.source, r.id AS record_id, true AS detected
     FROM cl JOIN act USING (stage, hk, pk, grp) CROSS JOIN LATERAL unnest(cl.evidence_ids) AS r(id)`,
  );
  // Network evidence: flows between one of the host's addresses and the peer (any flow of the
  // peer when the host has no known address) that overlap the span ± tolerance. Probed from the
  // peer's side of the (src_ip | dst_ip, start_ts) indexes (`(… = hip) IS TRUE` keeps the
  // host's side a filter: the planner would otherwise pick whichever index it guesses); a flow
  // overlapping the window started at most the longest flow's duration before it. The first
  // `maxEvidence` in time order are linked: each probe stops there, however busy the peer.
  const maxFlow = await maxFlowSeconds(client, a);
  await client.query(
    `INSERT INTO ev
     SELECT DISTINCT p.aid, 'network', f.id, false
     FROM (
       SELECT act.aid, act.pk::inet AS peer, array_remove(array_agg(hip::inet), NULL) AS hips, act.ws, act.we
       FROM act LEFT JOIN LATERAL unnest(act.host_ips) AS hip ON true
       WHERE NOT act.net AND act.pk <> ''
       GROUP BY act.aid, act.pk, act.ws, act.we
     ) p CROSS JOIN LATERAL (
       (SELECT f.id, f.start_ts FROM flow f
        WHERE f.assessment_id = $1 AND f.dst_ip = p.peer AND f.start_ts BETWEEN p.ws - make_interval(secs => $2) AND p.we
          AND f.end_ts >= p.ws AND (cardinality(p.hips) = 0 OR (f.src_ip = ANY(p.hips)) IS TRUE)
        ORDER BY f.start_ts, f.id LIMIT $3)
       UNION
       (SELECT f.id, f.start_ts FROM flow f
        WHERE f.assessment_id = $1 AND f.src_ip = p.peer AND f.start_ts BETWEEN p.ws - make_interval(secs => $2) AND p.we
          AND f.end_ts >= p.ws AND (cardinality(p.hips) = 0 OR (f.dst_ip = ANY(p.hips)) IS TRUE)
        ORDER BY f.start_ts, f.id LIMIT $3)
       ORDER BY start_ts, id LIMIT $3
     ) f`,
    [a, maxFlow, maxEvidence],
  );
  // Log evidence: the host's events that name the peer (any host's when the activity has no
  // host), from the partial address indexes (src_ip | dst_ip, ts); for peer-less activities,
  // the host's events of the kinds the stage leaves behind, from (host_name, ts). The first
  // `maxEvidence` in time order, each probe stopping there.
  await client.query(
    `INSERT INTO ev
     SELECT DISTINCT x.aid, 'logs', h.id, false
     FROM (
       SELECT act.aid, act.host_name, nullif(act.pk, '')::inet AS peer, act.ws, act.we,
              ARRAY(SELECT jsonb_array_elements_text($3::jsonb -> act.stage)) AS kinds
       FROM act WHERE NOT act.lg
     ) x CROSS JOIN LATERAL (
       (SELECT e.id, e.ts FROM log_event e
        WHERE e.assessment_id = $1 AND e.src_ip = x.peer AND e.ts BETWEEN x.ws AND x.we
          AND (x.host_name IS NULL OR (e.host_name = x.host_name) IS TRUE)
        ORDER BY e.ts, e.id LIMIT $2)
       UNION
       (SELECT e.id, e.ts FROM log_event e
        WHERE e.assessment_id = $1 AND e.dst_ip = x.peer AND e.ts BETWEEN x.ws AND x.we
          AND (x.host_name IS NULL OR (e.host_name = x.host_name) IS TRUE)
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

  // Each activity written once, with what each source saw and how many records show it.
  const inserted = await client.query(
    `INSERT INTO activity (id, assessment_id, stage, technique, host_name, host_ips, peer, start_ts, end_ts, network, logs,
                           score, severity, summary, network_records, log_records, detection_ids)
     SELECT act.aid, $1, act.stage, act.technique, act.host_name, act.host_ips, nullif(act.pk, '')::inet, act.s, act.e,
            CASE WHEN act.net THEN 'detected' WHEN coalesce(c.net, 0) > 0 THEN 'evidence' ELSE 'blind' END,
            CASE WHEN act.lg THEN 'detected' WHEN coalesce(c.lg, 0) > 0 THEN 'evidence' ELSE 'blind' END,
            act.score,
            ${severitySql('act.score')},
            act.summary, coalesce(c.net, 0), coalesce(c.lg, 0), act.det_ids
     FROM act LEFT JOIN (
       SELECT aid, count(*) FILTER (WHERE source = 'network') AS net, count(*) FILTER (WHERE source = 'logs') AS lg
       FROM ev GROUP BY aid
     ) c ON c.aid = act.aid`,
    [a],
  );
  await client.query(
    `INSERT INTO activity_evidence (assessment_id, activity_id, source, record_id, detected)
     SELECT $1, aid, source, record_id, detected FROM ev`,
    [a],
  );
  await client.query('DROP TABLE cl, act, ev');
  return inserted.rowCount ?? 0;
}
