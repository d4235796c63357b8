// Strings the web server log detectors look for, kept as data with their public source, and the
// SQL that matches them (plain substring tests: `strpos`, never LIKE, so `%` and `_` in a pattern
// are literal). Columns of an `http_request` event (lib/records/records.ts): argv = [method, path,
// status, bytes, user agent, referrer].

/** SQL text array literal of `items` (single quotes doubled). */
export function sqlTextArray(items: readonly string[]): string {
  return `ARRAY[${items.map((s) => `'${s.replaceAll("'", "''")}'`).join(', ')}]::text[]`;
}

/** Whether lower(`expr`) contains one of `patterns` (given in lower case). */
export function containsAny(expr: string, patterns: readonly string[]): string {
  return `EXISTS (SELECT 1 FROM unnest(${sqlTextArray(patterns)}) AS p(s) WHERE strpos(lower(coalesce(${expr}, '')), p.s) > 0)`;
}

export const HTTP_METHOD = 'e.argv[1]';
export const HTTP_PATH = 'e.argv[2]';
export const HTTP_STATUS = 'e.argv[3]';
export const HTTP_UA = 'e.argv[5]';

/**
 * Scanner user agents: OWASP CRS `rules/scanners-user-agents.data` (rule 913100) and Sigma
 * `proxy_ua_hacktool` (c42a3073-30fb-48ae-8c99-c23ada84b103); docs/ANCHORS.md#web-server-logs.
 */
export const SCANNER_USER_AGENTS: readonly string[] = [
  'nmap scripting engine',
  'nmap',
  'nuclei',
  'nikto',
  'sqlmap',
  'masscan',
  'zgrab',
  'gobuster',
  'dirbuster',
  'feroxbuster',
  'fuzz faster u fool',
  'wfuzz',
  'wpscan',
  'whatweb',
  'nessus',
  'openvas',
  'acunetix',
  'netsparker',
  'arachni',
  'commix',
  'havij',
  'sqlninja',
  'ghauri',
  'w3af.org',
  'skipfish',
  'wapiti',
  'nettacker',
  'jorgee',
  'zmeu',
  '(hydra)',
  'dotdotpwn',
  'tsunamisecurityscanner',
  'qualysguard',
];

/** Sigma `web_cve_2021_44228_log4j` (5ea8faa8-db8b-45be-89b0-151b84c82702) keywords, anywhere in the line. */
export const JNDI_LOOKUPS: readonly string[] = [
  `\${jndi:ldap:/`,
  `\${jndi:rmi:/`,
  `\${jndi:ldaps:/`,
  `\${jndi:dns:/`,
  '/$%7bjndi:',
  '%24%7bjndi:',
  '$%7bjndi:',
  '%2524%257bjndi',
  '%2f%252524%25257bjndi%3a',
  `\${jndi:\${lower:`,
  `\${::-j}\${`,
  `\${jndi:nis`,
  `\${jndi:nds`,
  `\${jndi:corba`,
  `\${jndi:iiop`,
  `\${\${env:barfoo:-j}`,
  `\${::-l}\${::-d}\${::-a}\${::-p}`,
  `\${base64:jhtqbmrp`,
  `\${\${lower:j}ndi:`,
  `\${\${upper:j}ndi:`,
  `\${\${::-j}\${::-n}\${::-d}\${::-i}:`,
];

/** Sigma `web_path_traversal_exploitation_attempt` (7745c2ea-24a5-4290-b680-04359cb84b35), in the URI. */
export const PATH_TRAVERSAL: readonly string[] = [
  '../../../../../lib/password',
  '../../../../windows/',
  '../../../etc/',
  '..%252f..%252f..%252fetc%252f',
  '..%c0%af..%c0%af..%c0%afetc%c0%af',
  '%252e%252e%252fetc%252f',
  // CVE-2021-41773 (Sigma web_cve_2021_41773_apache_path_traversal): `.%2e/` in the path.
  '/.%2e/',
];

/**
 * Sigma `web_sql_injection_in_access_logs` (5513deaf-f49a-46c2-a6c8-3f111b5cb453): GET, status not
 * 404. Left out: `=select `, `=select%20`, `order by `, `order%20by%20` — plain words a search box
 * sends (`?q=select a gift`, the rule's own listed false positive).
 */
export const SQL_INJECTION: readonly string[] = [
  '=select(',
  'union select',
  'union%20select',
  'union all select',
  'union%20all%20select',
  'concat(0x',
  'information_schema.tables',
  'group_concat(',
  'table_schema',
  'select%28sleep%2810%29',
  '@@version',
  "'1'='1",
  '%271%27%3d%271',
  'selectchar(',
  'select * ',
  'select%20*%20',
  'or 1=1#',
  'or%201=1#',
  'concat_ws(',
  'select database()',
  'select version()',
  'select%20database()',
  'select%20version()',
];

/** Sigma `web_win_webshells_in_access_logs` (7ff9db12-1b94-4a79-ba68-a2402c5d6729), the commands that also run on Linux. */
export const WEBSHELL_COMMANDS: readonly string[] = [
  '=whoami',
  '=ssh%',
  '=ssh+',
  '=python%',
  '=python+',
  '=python3%',
  '=python3+',
  '=wget%',
  '=wget+',
  '=curl%',
  '=curl+',
  '=id%20',
  '=uname%20',
  '=cat%20/etc/passwd',
];
