// Reconnaissance seen by a web server: requests whose user agent names a vulnerability scanner or
// a content-discovery tool (OWASP CRS rule 913100 `scanners-user-agents.data`, Sigma
// `proxy_ua_hacktool` c42a3073; docs/ANCHORS.md#web-server-logs). Vulnerability scanning is
// T1595.002; the peer is the client address the server logged.
import { defineEventRule } from './event-rule';
import { containsAny, HTTP_PATH, HTTP_UA, SCANNER_USER_AGENTS } from './web-patterns';

export const webScannerUa = defineEventRule({
  id: 'logs.web-scanner-ua',
  title: 'Web scanner user agent',
  stage: 'recon',
  techniques: ['T1595.002'],
  label: 'Web scanner',
  description:
    'A web server logged requests whose user agent is a known scanner (Nmap NSE, Nuclei, Nikto, sqlmap, gobuster, WPScan …, as OWASP CRS and Sigma list them). One detection per client burst.',
  where: `e.kind = 'http_request' AND ${containsAny(HTTP_UA, SCANNER_USER_AGENTS)}`,
  score: '0.6',
  peer: 'e.src_ip',
  describe: `format('%s %s (%s) by %s', coalesce(e.argv[1], ''), left(coalesce(${HTTP_PATH}, ''), 120), coalesce(e.result, ''), left(coalesce(${HTTP_UA}, ''), 80))`,
});
