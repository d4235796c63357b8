// Lateral movement seen on the client (T1021.004 Remote Services: SSH): a compromised host runs
// ssh, scp, sftp, sshpass or rsync over ssh to an internal address, or to a name the bundle or
// the inventory maps to a host — an auditd execve, a Sysmon process creation, or a dated line of
// a shell history. Only from a host with an earlier step in the chain: within `pivotSeconds`
// before, it accepted an SSH login from outside the internal ranges (the intruder's way in, as
// network.lateral-movement's pivot), or the command runs as a web or service account. An admin's
// routine ssh from a bastion whose own logins come from inside stays quiet.
//
// "A SSHes to B" is one step: the flow (network.lateral-movement puts it on B with A as peer),
// B's sshd `Accepted … from A` and A's command line are three views of it. So this detection is
// written on the DESTINATION B with the source A's address as peer, the way the network and
// B's own logs name the step, and correlation merges them into one activity (same host, peer and
// technique key) instead of a second activity on A. B and A's address come from the hosts the
// analysis resolved; when they have none (a log bundle alone), from B's sshd line accepting the
// command's account from an internal address within a minute of the command; failing both, the
// detection names the destination address and no peer.
//
// Anchors: Splunk "Linux SSH Remote Services Script Execute" (aa1748dd-4a5c-457a-9cf6-ca7b4eb711b3,
// T1021.004, Sysmon for Linux EventID 1: ssh with -oStrictHostKeyChecking/-oBatchMode), Sigma
// "Remote File Copy" (scp/rsync/sftp with `user@host:`), narrowed by the pivot of
// network.lateral-movement (docs/ANCHORS.md#lateral-ssh). Lateral Movement maps to Exploitation
// (docs/ANCHORS.md#kill-chain-mapping).
import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { logEventsOf } from './log-events';
import { CMD, IPV4_RE, PROG, REMOTE_HOST_IN_CMD, SERVICE_USER_RE } from './patterns';
import { SERVER_SIDE } from './transfer-args';

/** ssh's flags without a value and options with one (ssh(1)): what stands between `ssh` and its destination. */
const SSH_FLAGS = '46AaCfGgKkMNnqsTtVvXxYy';
const SSH_VALUE_OPTS = 'BbcDEeFIiJLlmOoPpQRSWw';

/** The command line without a leading `sshpass [-p password | -f file | -e | -P prompt | -d fd | -v]`. */
const CLIENT_CMD = `regexp_replace(${CMD}, '^\\S*sshpass( +-[pPfd] *\\S+| +-[ev])* +', '')`;

/** The destination of ssh/sftp: the first `user@host` word, else the first word after ssh's options. */
const SSH_DEST = `coalesce(
  (regexp_match(${CLIENT_CMD}, '(?:^| )[^ @/:=-][^ @/:=]*@([^ @/:]+)(?: |:|$)'))[1],
  (regexp_match(${CLIENT_CMD}, '^\\S*(?:ssh|sftp)(?: +-[${SSH_FLAGS}]*[${SSH_VALUE_OPTS}] *[^ ]+| +-[${SSH_FLAGS}]+)* +([^ @:/-][^ @:/]*)(?: |:|$)'))[1])`;

/** The account the command logs in as: `user@host`, or ssh's `-l user`; NULL when it names none (the local account). */
const LOGIN = `coalesce((regexp_match(${CLIENT_CMD}, '(?:^| )([^ @/:=-][^ @/:=]*)@[^ @/:]+(?: |:|$)'))[1], (regexp_match(${CLIENT_CMD}, '^\\S*(?:ssh|sftp) (?:.* )?-l *([^ ]+)'))[1])`;

/** rsync's daemon protocol (`host::module`, `rsync://`) is not ssh. */
const RSYNC_DAEMON = `(${CMD} ~ '(^| )[^ /:]+::|rsync://')`;

/** The remote host a client command names, as text: `host:path` of scp/rsync, else ssh's destination. */
const DEST = `CASE WHEN ${PROG} IN ('scp', 'rsync') THEN ${REMOTE_HOST_IN_CMD} ELSE coalesce(${SSH_DEST}, ${REMOTE_HOST_IN_CMD}) END`;

export const sshLateralClient = defineDetector({
  id: 'logs.ssh-lateral-client',
  title: 'SSH to an internal host from a compromised one',
  source: 'logs',
  stage: stageOfTactic('lateral-movement'),
  techniques: ['T1021.004'],
  description:
    'ssh, scp, sftp, sshpass or rsync over ssh run to an internal address (or a name of a known host) from a host that accepted an SSH login from outside within the window before, or run by a web or service account. Written on the destination with the source as peer, so it is one step with the flow and the destination’s sshd line. Routine ssh from hosts reached only from inside stays quiet.',
  thresholds: {
    pivotSeconds: {
      label: 'Reached from outside within',
      default: 86_400,
      unit: 's',
      min: 0,
      anchor: 'as network.lateral-movement pivotSeconds (one day); issue 15 §4 "from a host with an activity earlier in the chain"',
    },
    windowSeconds: {
      label: 'One invocation: commands within',
      default: 10,
      unit: 's',
      min: 1,
      anchor:
        'Sightline: sshpass and the ssh it starts are one command, seconds apart (SESSION_SLACK_SECONDS, lib/correlate/correlate.ts); later sessions to the same host are their own detections, merged by correlation',
    },
  },
  // The hosts' names and addresses come from the hosts this analysis resolved (uncommitted).
  runsOn: 'analysis',
  select: ({ shared }) => `WITH c AS (
      SELECT e.id, e.ts, e.host_name, e.user_name, e.euid, ${PROG} AS prog, left(${CMD}, 300) AS cmd, lower(${DEST}) AS dest, ${LOGIN} AS login,
             (${PROG} = 'sshpass' OR ${CMD} ~ ' -i *\\S*(/tmp/|/var/tmp/|/dev/shm/|/\\.(?!ssh/)[^./ ])') AS risky
      FROM ${logEventsOf(shared)} e
      WHERE e.kind IN ('exec', 'sudo') AND cardinality(e.argv) > 1
        AND ${PROG} ~ '^(ssh|scp|sftp|sshpass|rsync)$' AND NOT ${SERVER_SIDE}
        AND NOT (${PROG} = 'rsync' AND ${RSYNC_DAEMON})
    ), names AS (
      SELECT DISTINCT ON (lower(h.name)) lower(h.name) AS name, h.name AS host, ha.ip
      FROM host h JOIN host_address ha ON ha.assessment_id = h.assessment_id AND ha.host_id = h.id AND NOT ha.is_shared
      WHERE h.assessment_id = $1
      ORDER BY lower(h.name), ha.confidence DESC, ha.ip
    ), r AS (
      SELECT c.*, coalesce(CASE WHEN c.dest ~ '^${IPV4_RE}$' THEN c.dest::inet END, n.ip) AS dip
      FROM c LEFT JOIN names n ON c.dest !~ '^${IPV4_RE}$' AND (n.name = c.dest OR n.name = split_part(c.dest, '.', 1))
      WHERE c.dest IS NOT NULL
    ), m AS (
      SELECT r.*, coalesce(byip.host, acc.host_name, host(r.dip)) AS dhost, coalesce(src.ip, acc.src_ip) AS peer
      FROM r
      LEFT JOIN LATERAL (SELECT n.host FROM names n WHERE n.ip = r.dip ORDER BY n.host LIMIT 1) byip ON TRUE
      LEFT JOIN LATERAL (SELECT n.ip FROM names n WHERE n.name = lower(r.host_name) AND n.ip <<= ANY($2::cidr[]) LIMIT 1) src ON TRUE
      -- The destination's sshd accepting this login: another host, the command's account, an
      -- internal source (A's address when the hosts gave none), within a minute of the command.
      LEFT JOIN LATERAL (
        SELECT a.host_name, a.src_ip FROM log_event a
        WHERE a.assessment_id = $1 AND a.kind = 'ssh_accepted' AND a.src_ip <<= ANY($2::cidr[])
          AND a.host_name IS NOT NULL AND a.host_name IS DISTINCT FROM r.host_name
          AND (byip.host IS NULL OR a.host_name = byip.host) AND (src.ip IS NULL OR a.src_ip = src.ip)
          AND (r.login IS NULL OR a.user_name = r.login)
          AND a.ts BETWEEN r.ts - interval '5 seconds' AND r.ts + interval '60 seconds'
        ORDER BY a.ts, a.id LIMIT 1) acc ON TRUE
      WHERE r.dip IS NOT NULL AND r.dip <<= ANY($2::cidr[]) AND NOT r.dip <<= '127.0.0.0/8'::cidr
        AND (r.host_name IS NULL OR byip.host IS NULL OR lower(byip.host) <> lower(r.host_name))
        AND (r.euid = 33 OR r.user_name ~ '${SERVICE_USER_RE}' OR EXISTS (
          SELECT 1 FROM log_event p
          WHERE p.assessment_id = $1 AND p.kind = 'ssh_accepted' AND p.host_name IS NOT DISTINCT FROM r.host_name
            AND p.src_ip IS NOT NULL AND NOT p.src_ip <<= ANY($2::cidr[])
            AND p.ts < r.ts AND p.ts >= r.ts - make_interval(secs => $3)))
    ), b AS (
      SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY host_name, dhost ORDER BY ts, id) <= make_interval(secs => $4) THEN 0 ELSE 1 END AS brk
      FROM m
    ), g AS (
      SELECT *, sum(brk) OVER (PARTITION BY host_name, dhost ORDER BY ts, id) AS burst FROM b
    )
    SELECT dhost AS host, (array_agg(peer ORDER BY ts, id) FILTER (WHERE peer IS NOT NULL))[1] AS peer, min(ts) AS start_ts, max(ts) AS end_ts,
           CASE WHEN bool_or(risky OR euid = 33 OR user_name ~ '${SERVICE_USER_RE}') THEN 0.9 ELSE 0.7 END AS score,
           format('SSH from %s to %s: %s%s', coalesce(host_name, 'unnamed host'), dhost, (array_agg(cmd ORDER BY ts, id))[1],
                  CASE WHEN count(*) > 1 THEN format(' (%s commands)', count(*)) ELSE '' END) AS summary,
           array_agg(id ORDER BY ts, id) AS evidence_ids
    FROM g GROUP BY host_name, dhost, burst`,
  params: ({ t, internalRanges }) => [internalRanges, t.pivotSeconds, t.windowSeconds],
});
