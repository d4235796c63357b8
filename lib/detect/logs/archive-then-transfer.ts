// Actions on Objectives seen on the host: data staged into an archive, then a transfer tool run
// on the same host soon after (T1560.001 Archive via Utility, then T1048; ATT&CK AN0597 and
// Sigma T1560.001/T1048.003 "archive creation before transfer"; docs/ANCHORS.md#sigma). Either
// step alone is routine (backups, downloads); the sequence within the window is the signal.
import { defineDetector } from '../insert-detections';
import { CMD, PEER_IN_CMD, PROG, TRANSFER_PROG_RE } from './patterns';

const ARCHIVE = `(${PROG} ~ '^(zip|7z|7za|7zr|rar)$' OR (${PROG} = 'tar' AND (${CMD} ~ ' --create' OR ${CMD} ~ '^\\S+ -?[A-Za-z]*c[A-Za-z]*( |$)')))`;

export const archiveThenTransfer = defineDetector({
  id: 'logs.archive-then-transfer',
  title: 'Archive then transfer',
  source: 'logs',
  stage: 'actions',
  techniques: ['T1560.001', 'T1048'],
  description:
    'An archive is created (tar -c, zip, 7z a, rar a) and a transfer tool (curl, wget, scp, rsync, sftp, ftp, nc, socat) runs on the same host within the window.',
  thresholds: {
    windowSeconds: {
      label: 'Window',
      default: 300,
      unit: 's',
      min: 10,
      anchor: 'ATT&CK AN0220 TimeWindow 5 min (docs/ANCHORS.md#attack-analytics); Sightline correlation tolerance',
    },
  },
  select: `WITH a AS (
         SELECT e.id, e.ts, e.host_name, ${CMD} AS cmd FROM log_event e
         WHERE e.assessment_id = $1 AND e.kind = 'exec' AND ${ARCHIVE}
       ), x AS (
         SELECT e.id, e.ts, e.host_name, ${PEER_IN_CMD} AS peer, ${CMD} AS cmd FROM log_event e
         WHERE e.assessment_id = $1 AND e.kind = 'exec' AND ${PROG} ~ '${TRANSFER_PROG_RE}'
       ), pairs AS (
         SELECT a.id AS aid, a.ts AS ats, a.host_name, a.cmd AS acmd, x.id AS xid, x.ts AS xts, x.peer, x.cmd AS xcmd
         FROM a JOIN x ON x.host_name IS NOT DISTINCT FROM a.host_name AND x.ts >= a.ts AND x.ts <= a.ts + make_interval(secs => $2)
       ), agg AS (
         SELECT aid, host_name, min(ats) AS s, max(xts) AS e, (array_agg(peer ORDER BY xts) FILTER (WHERE peer IS NOT NULL))[1] AS peer,
                min(acmd) AS acmd, (array_agg(xcmd ORDER BY xts))[1] AS xcmd, aid || array_agg(xid ORDER BY xts, xid) AS ids
         FROM pairs GROUP BY aid, host_name
       )
       SELECT host_name AS host, peer, s AS start_ts, e AS end_ts, 0.8 AS score,
              format('Archive then transfer on %s: %s, then %s', coalesce(host_name, 'unnamed host'), left(acmd, 150), left(xcmd, 150)) AS summary,
              ids AS evidence_ids
       FROM agg`,
  params: ({ t }) => [t.windowSeconds],
});
