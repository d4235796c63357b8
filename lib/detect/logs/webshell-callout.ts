// Installation seen by a web server and its host: a successful request to a server-side script
// that is rare on that server, followed within the window by an outbound connection from the
// same host by the web server's account or a web/application server process (T1505.003 Web
// Shell; Persistence → Installation by the configured mapping, docs/ANCHORS.md#kill-chain-mapping).
// Rarity as the NSA's web shell guidance hunts for it (nsacyber/Mitigating-Web-Shells
// `anomolous_uris.splunk.txt`: 2xx requests, URIs reached by ≤ 5 distinct client addresses over
// the data); script extensions as Microsoft Sentinel's "Web Shell Activity" hunting query
// (e0c947c3-fe83-46ff-bbda-a43224a785fd) lists them, plus CGI; the follow-up connection as
// Elastic's "Web Shell Network Activity" proposal and Sigma lnx_auditd_web_rce key on it (the web
// account, euid 33) — docs/ANCHORS.md#web-server-logs. The request is an `http_request` event of
// an access log (lib/ingest/logs/web-access.ts), the connection an auditd connect()/SOCKADDR or a
// Sysmon event 3 (`connect`) of the same host. A popular script (the application's own pages), a
// rare page followed by a package fetch as root or _apt, and a cron job's connection with no rare
// request before it stay quiet. High when the connecting process is a shell, interpreter or
// network tool, or the destination is one this host never reached before the request; medium
// otherwise (a rarely used admin page that checks for updates).
import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { ppidOf, progOf } from './log-events';
import { SUSPICIOUS_CHILD_RE, WEB_SERVER_PROG_RE, WEB_USER_RE } from './patterns';
import { HTTP_PATH, HTTP_STATUS } from './web-patterns';

/**
 * Server-side script extensions: Sentinel "Web Shell Activity" `script_extensions` (asp, aspx,
 * asax, asmx, axd, cshtml, php, phps, php3–7, phtml, jsp, jspx, cfm, cfml) plus the CGI ones.
 */
export const SCRIPT_PATH_RE = '\\.(php[0-9s]?|phtml|phar|jspx?|aspx?|asax|ashx|asmx|axd|cshtml|cfml?|cgi|pl|py|rb|sh)$';

/** The path without query string or fragment, lower case. */
const STEM = `lower(split_part(split_part(${HTTP_PATH}, '?', 1), '#', 1))`;

/** The connecting process belongs to the web server: its account, its program, or a child of it. */
const BY_WEB = `(c.euid = $5 OR c.user_name ~ '${WEB_USER_RE}' OR regexp_replace(coalesce(c.exe, c.program, ''), '^.*/', '') ~ '${WEB_SERVER_PROG_RE}'
  OR EXISTS (SELECT 1 FROM log_event p WHERE p.assessment_id = $1 AND p.host_name = c.host_name
        AND p.ts BETWEEN c.ts - interval '1 day' AND c.ts
        AND p.pid = ${ppidOf('c')}
        AND regexp_replace(coalesce(p.exe, p.program, ''), '^.*/', '') ~ '${WEB_SERVER_PROG_RE}'))`;

const C_PROG = progOf('c');

export const webshellCallout = defineDetector({
  id: 'logs.webshell-callout',
  title: 'Rare script, then an outbound connection',
  source: 'logs',
  stage: stageOfTactic('persistence'),
  techniques: ['T1505.003'],
  description:
    'A web server answered 2xx to a script (.php, .jsp, .aspx, .cgi, …) that few clients ever requested, and within the window the same host opened a connection to an outside address as the web server’s account or from a web server process.',
  thresholds: {
    windowSeconds: {
      label: 'Request to connection',
      default: 300,
      unit: 's',
      min: 1,
      anchor: 'ATT&CK AN0220 (DET0080) TimeWindow, suggested 5 min (docs/ANCHORS.md#attack-analytics)',
    },
    maxClients: {
      label: 'Rare script: at most this many client addresses',
      default: 5,
      min: 1,
      anchor: 'nsacyber/Mitigating-Web-Shells anomolous_uris.splunk.txt: dc_src<=5 (docs/ANCHORS.md#web-server-logs)',
    },
    webUid: {
      label: 'Web server uid',
      default: 33,
      min: 0,
      anchor: 'sigma lnx_auditd_web_rce.yml: euid=33',
    },
  },
  select: `WITH req AS (
         SELECT e.id, e.ts, e.host_name, e.src_ip, ${STEM} AS stem, ${HTTP_PATH} AS path
         FROM log_event e
         WHERE e.assessment_id = $1 AND e.kind = 'http_request' AND ${HTTP_STATUS} ~ '^2' AND ${STEM} ~ '${SCRIPT_PATH_RE}'
       ), rare AS (
         SELECT host_name, stem, count(DISTINCT src_ip) AS clients, count(*) AS n FROM req
         GROUP BY host_name, stem HAVING count(DISTINCT src_ip) <= $4
       ), hits AS (
         SELECT r.id, r.ts, r.host_name, r.src_ip, r.stem, r.path, rare.clients, rare.n,
                c.id AS cid, c.ts AS cts, c.dst_ip, c.dst_port, coalesce(c.exe, c.program, '?') AS cexe,
                coalesce(c.user_name, c.euid::text, '?') AS cuser,
                (${C_PROG} ~ '${SUSPICIOUS_CHILD_RE}' OR NOT EXISTS (
                   SELECT 1 FROM log_event o WHERE o.assessment_id = $1 AND o.dst_ip = c.dst_ip AND o.host_name = c.host_name
                     AND o.kind = 'connect' AND o.ts < r.ts)) AS strong
         FROM req r JOIN rare USING (host_name, stem)
         JOIN log_event c ON c.assessment_id = $1 AND c.kind = 'connect' AND c.host_name = r.host_name
              AND c.ts >= r.ts AND c.ts <= r.ts + make_interval(secs => $3)
              AND c.dst_ip IS NOT NULL AND family(c.dst_ip) IN (4, 6)
              AND NOT c.dst_ip <<= ANY($2::cidr[])
              AND NOT c.dst_ip <<= ANY('{127.0.0.0/8,::1/128,169.254.0.0/16,0.0.0.0/8}'::cidr[])
              AND coalesce(c.dst_port, 0) NOT IN (53)
              AND ${BY_WEB}
       ), g AS (
         SELECT host_name, stem, min(ts) AS s, max(cts) AS e, bool_or(strong) AS strong,
                (array_agg(src_ip ORDER BY ts, id))[1] AS peer,
                (array_agg(format('%s, then %s (as %s) → %s:%s after %s s', left(path, 120), cexe, cuser, host(dst_ip), coalesce(dst_port::text, '?'),
                                  round(extract(epoch FROM cts - ts)::numeric)) ORDER BY strong DESC, cts - ts, ts, id))[1] AS sample,
                max(clients) AS clients, max(n) AS n,
                array_agg(DISTINCT id) || array_agg(DISTINCT cid) AS ids
         FROM hits GROUP BY host_name, stem
       )
       SELECT host_name AS host, peer, s AS start_ts, e AS end_ts, CASE WHEN strong THEN 0.9 ELSE 0.75 END AS score,
              format('Rare script then outbound connection on %s: %s (requested %s times by %s client%s)',
                     coalesce(host_name, 'unnamed host'), sample, n, clients, CASE WHEN clients = 1 THEN '' ELSE 's' END) AS summary,
              ids AS evidence_ids
       FROM g`,
  params: ({ t, internalRanges }) => [internalRanges, t.windowSeconds, t.maxClients, t.webUid],
});
