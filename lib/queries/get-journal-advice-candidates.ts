import { getPool } from '../db/client';
import { sawSql } from '../visibility-class';

/**
 * Services that write every client's address to syslog when it connects: sshd (auth facility,
 * `Connection closed by …`, `Accepted … from …`), FTP servers, the MTA's smtpd (`connect from …`).
 */
export const SYSLOG_SERVICE_PORTS = [21, 22, 25, 465, 587];

export interface JournalAdviceCandidate {
  host: string;
  activityIds: string[];
}

/**
 * Per host whose bundle holds the systemd journal's binary file and not one syslog text record:
 * the activities the network saw and the host's logs did not, where the network's records of
 * the activity include a completed session (the client's ACK and the host's reply) the peer
 * opened to a service that logs each client to syslog. Those lines are in the journal, which
 * Sightline (like most collectors reading files) does not read; forwarded to syslog text they
 * would have named the peer.
 */
export async function getJournalAdviceCandidates(assessmentId: string): Promise<JournalAdviceCandidate[]> {
  const { rows } = await getPool().query<JournalAdviceCandidate>(
    `WITH journal_only AS (
       SELECT DISTINCT sf.host_hint AS host_name FROM source_file sf
       WHERE sf.assessment_id = $1 AND sf.skipped AND sf.host_hint IS NOT NULL AND sf.notes::text LIKE '%systemd journal%'
         AND NOT EXISTS (SELECT 1 FROM log_event le JOIN source_file t ON t.id = le.source_file_id
                         WHERE le.assessment_id = $1 AND le.host_name = sf.host_hint AND t.format LIKE 'syslog%')
     )
     SELECT a.host_name AS host, array_agg(a.id::text ORDER BY a.start_ts, a.id) AS "activityIds"
     FROM activity a JOIN journal_only j ON j.host_name = a.host_name
     WHERE a.assessment_id = $1 AND ${sawSql('a.network')} AND NOT ${sawSql('a.logs')} AND a.peer IS NOT NULL
       AND EXISTS (SELECT 1 FROM activity_evidence e JOIN flow fl ON fl.assessment_id = e.assessment_id AND fl.id = e.record_id
                   WHERE e.assessment_id = $1 AND e.activity_id = a.id AND e.source = 'network'
                     AND fl.src_ip = a.peer AND host(fl.dst_ip) = ANY(a.host_ips) AND fl.dst_port = ANY($2::int[])
                     AND coalesce(fl.rev_packets, 0) > 0 AND (fl.tcp_flags IS NULL OR fl.tcp_flags & 16 <> 0))
     GROUP BY a.host_name ORDER BY count(*) DESC, a.host_name`,
    [assessmentId, SYSLOG_SERVICE_PORTS],
  );
  return rows;
}
