// Actions on Objectives seen in the FTP server's log: many files, or a large volume, downloaded
// by one external client — data leaving over a cleartext protocol that is not the attacker's
// C2 (T1048.003 Exfiltration Over Unencrypted Non-C2 Protocol). The FTP log names what the wire
// cannot: the account, the files and their sizes. Defaults: 25,000,000 bytes is RITA's
// threat-intel volume modifier, the same as network.large-outbound, so the two fire on the same
// step (docs/ANCHORS.md#rita-modifiers); 50 files is Elastic's "Microsoft 365 Mass download by a
// single user" (more than 50 downloads), the mass-download count of a SaaS log, the nearest
// public file-count anchor (docs/ANCHORS.md#ftp-exfil). Downloads are grouped per host and client
// while their gaps stay under the window (one hour, as large-outbound's). Internal clients (a
// mirror or backup job pulling the night's files) are not reported; failed and incomplete
// transfers do not count. T1048.003 shares its merge key with the network's T1048/T1041
// (lib/correlate/correlate.ts), so the volume the wire saw and the files the log names are one
// activity. Exfiltration → the stage the tactic mapping gives (docs/ANCHORS.md#kill-chain-mapping).
import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';

/** The byte count of an FTP transfer event (`bytes=N` in argv, lib/ingest/logs/ftp.ts). */
const BYTES = `coalesce((SELECT substring(a FROM '^bytes=([0-9]{1,18})$')::bigint FROM unnest(e.argv) AS a WHERE a ~ '^bytes=[0-9]{1,18}$' LIMIT 1), 0)`;

export const ftpBulkDownload = defineDetector({
  id: 'logs.ftp-bulk-download',
  title: 'Bulk FTP download to an external client',
  source: 'logs',
  stage: stageOfTactic('exfiltration'),
  techniques: ['T1048.003'],
  description:
    'An external client downloaded at least N files, or at least the threshold of bytes, from the FTP server within a run of downloads (xferlog direction "o", vsftpd "OK DOWNLOAD"); internal clients and failed transfers are not counted.',
  thresholds: {
    minFiles: {
      label: 'Files downloaded',
      default: 50,
      min: 1,
      anchor: 'elastic …microsoft_365_mass_download_by_a_single_user.toml: more than 50 downloads',
    },
    minBytes: {
      label: 'Bytes downloaded',
      default: 25_000_000,
      unit: 'B',
      min: 1,
      anchor: 'RITA modifier: threat-intel +15 % if bytes ≥ 25,000,000 (as network.large-outbound)',
    },
    windowSeconds: {
      label: 'Gap between downloads',
      default: 3_600,
      unit: 's',
      min: 60,
      anchor: 'Sightline default: the window of network.large-outbound',
    },
  },
  select: `WITH d AS (
         SELECT e.id, e.ts, e.host_name, e.src_ip, e.user_name, ${BYTES} AS bytes,
                CASE WHEN e.ts - lag(e.ts) OVER (PARTITION BY e.host_name, e.src_ip ORDER BY e.ts, e.id) <= make_interval(secs => $5)
                     THEN 0 ELSE 1 END AS brk
         FROM log_event e
         WHERE e.assessment_id = $1 AND e.kind = 'ftp_download' AND e.src_ip IS NOT NULL
           AND NOT (e.src_ip <<= ANY($2::cidr[])) AND NOT e.src_ip <<= ANY('{127.0.0.0/8,::1/128}'::cidr[])
           AND coalesce(e.result, 'success') IN ('success', 'complete')
       ), g AS (
         SELECT *, sum(brk) OVER (PARTITION BY host_name, src_ip ORDER BY ts, id) AS burst FROM d
       ), runs AS (
         SELECT host_name, src_ip, min(ts) AS s, max(ts) AS e, count(*) AS n, sum(bytes) AS total,
                string_agg(DISTINCT user_name, ', ') AS users, array_agg(id ORDER BY ts, id) AS ids
         FROM g GROUP BY host_name, src_ip, burst
         HAVING count(*) >= $3 OR sum(bytes) >= $4
       ), scored AS (
         SELECT *, least(0.95, 0.7 + 0.1 * greatest(log(greatest(n::numeric / $3, 1)), log(greatest(total::numeric / $4, 1)))) AS score FROM runs
       )
       SELECT host_name AS host, src_ip AS peer, s AS start_ts, e AS end_ts, round(score::numeric, 3)::float8 AS score,
              format('%s files (%s MB) downloaded over FTP by %s as %s', n, round((total / 1e6)::numeric, 1), host(src_ip), coalesce(users, '?')) AS summary,
              ids AS evidence_ids
       FROM scored`,
  params: ({ t, internalRanges }) => [internalRanges, t.minFiles, t.minBytes, t.windowSeconds],
});
