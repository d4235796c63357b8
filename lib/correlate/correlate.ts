// Correlation: detections from both sources become activities when they share host and
// stage, their peers agree, and their spans overlap within the tolerance. Then, for each
// activity and each source that did not detect it, the source's records that belong to it
// are looked up (evidence) — otherwise that source was blind. All set-based SQL.
import type pg from 'pg';

export interface CorrelateOptions {
  assessmentId: string;
  toleranceSeconds: number;
  /** Most evidence records linked per activity and source (the drill-down pages them). */
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
  const maxEvidence = opts.maxEvidence ?? 10_000;
  await client.query('UPDATE detection SET activity_id = NULL WHERE assessment_id = $1', [a]);
  // Evidence first, in one statement: left to the cascade it is deleted once per activity.
  await client.query('DELETE FROM activity_evidence WHERE assessment_id = $1', [a]);
  await client.query('DELETE FROM activity WHERE assessment_id = $1', [a]);

  // Network detections know an address; name the host when the address maps to exactly one.
  await client.query(
    `UPDATE detection d SET host_name = h.name
     FROM host_address ha JOIN host h ON h.id = ha.host_id
     WHERE d.assessment_id = $1 AND d.host_ip IS NOT NULL AND ha.assessment_id = $1
       AND ha.ip = d.host_ip AND NOT ha.is_shared`,
    [a],
  );

  await client.query(
    `CREATE TEMP TABLE cl ON COMMIT DROP AS
     WITH d AS (
       SELECT id, stage, coalesce(host_name, host(host_ip), '') AS hk, coalesce(host(peer), '') AS pk, start_ts, end_ts
       FROM detection WHERE assessment_id = $1
     ), o AS (
       SELECT *, max(end_ts) OVER (PARTITION BY stage, hk, pk ORDER BY start_ts, id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end
       FROM d
     )
     SELECT id AS det_id, stage, hk, pk,
            sum(CASE WHEN prev_end IS NOT NULL AND start_ts <= prev_end + make_interval(secs => $2) THEN 0 ELSE 1 END)
              OVER (PARTITION BY stage, hk, pk ORDER BY start_ts, id) AS grp
     FROM o`,
    [a, tol],
  );
  await client.query(
    `CREATE TEMP TABLE act ON COMMIT DROP AS
     SELECT nextval(pg_get_serial_sequence('activity', 'id')) AS aid, g.*
     FROM (
       SELECT cl.stage, cl.hk, cl.pk, cl.grp,
              (array_agg(d.technique ORDER BY d.score DESC, d.id))[1] AS technique,
              (array_agg(d.host_name ORDER BY d.host_name NULLS LAST))[1] AS host_name,
              array_remove(array_agg(DISTINCT host(d.host_ip)), NULL) AS det_ips,
              min(d.start_ts) AS s, max(d.end_ts) AS e, max(d.score) AS score,
              bool_or(d.source = 'network') AS net, bool_or(d.source = 'logs') AS lg,
              (array_agg(d.summary ORDER BY d.score DESC, d.id))[1] AS summary
       FROM cl JOIN detection d ON d.id = cl.det_id
       GROUP BY cl.stage, cl.hk, cl.pk, cl.grp
     ) g`,
    [],
  );
  await client.query(
    `INSERT INTO activity (id, assessment_id, stage, technique, host_name, host_ips, peer, start_ts, end_ts, network, logs, score, severity, summary)
     SELECT act.aid, $1, act.stage, act.technique, act.host_name,
            coalesce((SELECT array_agg(DISTINCT host(ha.ip) ORDER BY host(ha.ip)) FROM host_address ha JOIN host h ON h.id = ha.host_id
                      WHERE h.assessment_id = $1 AND h.name = act.host_name), act.det_ips),
            nullif(act.pk, '')::inet, act.s, act.e,
            CASE WHEN act.net THEN 'detected' ELSE 'blind' END,
            CASE WHEN act.lg THEN 'detected' ELSE 'blind' END,
            act.score,
            CASE WHEN act.score >= 0.95 THEN 'critical' WHEN act.score >= 0.9 THEN 'high' WHEN act.score >= 0.7 THEN 'medium' ELSE 'low' END,
            act.summary
     FROM act`,
    [a],
  );
  await client.query(
    `UPDATE detection d SET activity_id = act.aid FROM cl JOIN act USING (stage, hk, pk, grp) WHERE d.id = cl.det_id`,
  );

  // Records named by detectors.
  await client.query(
    `INSERT INTO activity_evidence (assessment_id, activity_id, source, record_id, detected)
     SELECT DISTINCT $1::uuid, d.activity_id, d.source, r.id, true
     FROM detection d CROSS JOIN LATERAL unnest(d.evidence_ids) AS r(id)
     WHERE d.assessment_id = $1 AND d.activity_id IS NOT NULL
     ON CONFLICT DO NOTHING`,
    [a],
  );
  // Network evidence where no network detector fired: flows between the host and the peer
  // inside the span ± tolerance (or, for a host-less activity, any flow of the peer). Written as
  // one probe per (activity, address) answered by index range scans on (src_ip | dst_ip,
  // start_ts): a flow counts when it overlaps the window and started at most a day before it.
  await client.query(
    `WITH probes AS (
       SELECT ac.id AS aid, hip::inet AS a_ip, ac.peer AS b_ip,
              ac.start_ts - make_interval(secs => $2) AS s, ac.end_ts + make_interval(secs => $2) AS e
       FROM activity ac CROSS JOIN LATERAL unnest(ac.host_ips) AS hip
       WHERE ac.assessment_id = $1 AND ac.network = 'blind' AND ac.peer IS NOT NULL
       UNION ALL
       SELECT ac.id, ac.peer, NULL::inet, ac.start_ts - make_interval(secs => $2), ac.end_ts + make_interval(secs => $2)
       FROM activity ac
       WHERE ac.assessment_id = $1 AND ac.network = 'blind' AND ac.peer IS NOT NULL AND cardinality(ac.host_ips) = 0
     ), hits AS (
       SELECT p.aid, f.id, f.start_ts FROM probes p CROSS JOIN LATERAL (
         SELECT f.id, f.start_ts FROM flow f
         WHERE f.assessment_id = $1 AND f.src_ip = p.a_ip AND (p.b_ip IS NULL OR f.dst_ip = p.b_ip)
           AND f.start_ts BETWEEN p.s - interval '1 day' AND p.e AND f.end_ts >= p.s
         UNION ALL
         SELECT f.id, f.start_ts FROM flow f
         WHERE f.assessment_id = $1 AND f.dst_ip = p.a_ip AND (p.b_ip IS NULL OR f.src_ip = p.b_ip)
           AND f.start_ts BETWEEN p.s - interval '1 day' AND p.e AND f.end_ts >= p.s
       ) f
     ), ranked AS (
       SELECT DISTINCT ON (aid, id) aid, id, start_ts FROM hits
     )
     INSERT INTO activity_evidence (assessment_id, activity_id, source, record_id, detected)
     SELECT $1, aid, 'network', id, false FROM (
       SELECT aid, id, row_number() OVER (PARTITION BY aid ORDER BY start_ts, id) AS rn FROM ranked
     ) x WHERE rn <= $3
     ON CONFLICT DO NOTHING`,
    [a, tol, maxEvidence],
  );
  // Log evidence where no log detector fired: the host's events that name the peer (any host's
  // when the activity has none), or, for peer-less activities, the host's events of the kinds
  // that stage leaves behind. Each branch is an index range scan (host_name, ts) or the partial
  // address indexes (src_ip | dst_ip, ts).
  await client.query(
    `WITH acts AS (
       SELECT ac.id AS aid, ac.stage, ac.host_name, ac.peer,
              ac.start_ts - make_interval(secs => $2) AS s, ac.end_ts + make_interval(secs => $2) AS e
       FROM activity ac WHERE ac.assessment_id = $1 AND ac.logs = 'blind'
     ), hits AS (
       SELECT x.aid, e.id, e.ts FROM acts x JOIN log_event e ON e.assessment_id = $1 AND x.host_name IS NOT NULL
         AND e.host_name = x.host_name AND e.ts BETWEEN x.s AND x.e
         AND ((x.peer IS NOT NULL AND (e.src_ip = x.peer OR e.dst_ip = x.peer))
              OR (x.peer IS NULL AND e.kind IN (SELECT jsonb_array_elements_text($4::jsonb -> x.stage))))
       UNION ALL
       SELECT x.aid, e.id, e.ts FROM acts x JOIN log_event e ON e.assessment_id = $1 AND x.host_name IS NULL
         AND x.peer IS NOT NULL AND e.src_ip = x.peer AND e.ts BETWEEN x.s AND x.e
       UNION ALL
       SELECT x.aid, e.id, e.ts FROM acts x JOIN log_event e ON e.assessment_id = $1 AND x.host_name IS NULL
         AND x.peer IS NOT NULL AND e.dst_ip = x.peer AND e.ts BETWEEN x.s AND x.e
     ), ranked AS (
       SELECT DISTINCT ON (aid, id) aid, id, ts FROM hits
     )
     INSERT INTO activity_evidence (assessment_id, activity_id, source, record_id, detected)
     SELECT $1, aid, 'logs', id, false FROM (
       SELECT aid, id, row_number() OVER (PARTITION BY aid ORDER BY ts, id) AS rn FROM ranked
     ) x WHERE rn <= $3
     ON CONFLICT DO NOTHING`,
    [a, tol, maxEvidence, JSON.stringify(STAGE_LOG_KINDS)],
  );
  await client.query(
    `UPDATE activity ac SET
       network = CASE WHEN ac.network = 'detected' THEN 'detected' WHEN c.net > 0 THEN 'evidence' ELSE 'blind' END,
       logs = CASE WHEN ac.logs = 'detected' THEN 'detected' WHEN c.lg > 0 THEN 'evidence' ELSE 'blind' END,
       network_records = c.net, log_records = c.lg
     FROM (
       SELECT ac2.id, count(*) FILTER (WHERE ev.source = 'network') AS net, count(*) FILTER (WHERE ev.source = 'logs') AS lg
       FROM activity ac2 LEFT JOIN activity_evidence ev ON ev.assessment_id = $1 AND ev.activity_id = ac2.id
       WHERE ac2.assessment_id = $1 GROUP BY ac2.id
     ) c WHERE ac.id = c.id`,
    [a],
  );
  const n = await client.query('SELECT count(*)::int AS n FROM activity WHERE assessment_id = $1', [a]);
  return n.rows[0].n as number;
}
