import { getPool } from '../db/client';
import { AUDIT_FORMATS } from '../records/records';
import { sawSql } from '../visibility-class';

export interface AuditAdviceCandidate {
  host: string;
  /** The host sent audit records, only none of execve (rules missing), or none at all. */
  hasAudit: boolean;
  activityIds: string[];
}

/** Audit log formats (lib/ingest/logs/audit-formats.ts ids). */

/**
 * Per host without process-creation records (no execve auditing, no other host agent such as
 * Sysmon for Linux): the activities its logs missed (blind, or `unknown`: the host
 * sent no logs at all) while the network holds a
 * flow the host itself opened to the activity's peer. That flow is a connect(2) by a process the
 * host started; with execve and connect audit rules, the host's own logs would have recorded it.
 */
export async function getAuditAdviceCandidates(assessmentId: string): Promise<AuditAdviceCandidate[]> {
  const { rows } = await getPool().query<AuditAdviceCandidate>(
    `WITH audited AS (
       -- Audit records from the host (an audit log format), and process creations from any file:
       -- a host agent other than auditd (Sysmon for Linux events 1/3 in its syslog) already
       -- records what execve and connect rules would, so it is not told to add them.
       SELECT r.host_name, sum(r.events) FILTER (WHERE f.format = ANY($2::text[])) AS events, sum(r.execs) AS execs
       FROM log_rollup r JOIN source_file f ON f.id = r.source_file_id
       WHERE r.assessment_id = $1 GROUP BY r.host_name
     )
     SELECT a.host_name AS host, coalesce(max(au.events), 0) > 0 AS "hasAudit",
            array_agg(a.id::text ORDER BY a.start_ts, a.id) AS "activityIds"
     FROM activity a LEFT JOIN audited au ON au.host_name = a.host_name
     WHERE a.assessment_id = $1 AND ${sawSql('a.network')} AND NOT ${sawSql('a.logs')} AND a.host_name IS NOT NULL AND a.peer IS NOT NULL
       AND coalesce(au.execs, 0) = 0
       AND EXISTS (SELECT 1 FROM activity_evidence e JOIN flow fl ON fl.assessment_id = e.assessment_id AND fl.id = e.record_id
                   WHERE e.assessment_id = $1 AND e.activity_id = a.id AND e.source = 'network'
                     AND fl.dst_ip = a.peer AND host(fl.src_ip) = ANY(a.host_ips))
     GROUP BY a.host_name ORDER BY count(*) DESC, a.host_name`,
    [assessmentId, AUDIT_FORMATS],
  );
  return rows;
}
