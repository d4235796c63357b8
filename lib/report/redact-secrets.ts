// Share views without raw lines still quote what a command looked like in activity summaries
// (up to 300 characters of it: `curl -u admin:S3cr3tP4ss! …`, issue 20, finding 8). Before a
// summary leaves through a share page or its exports, the values that are secrets by their
// position are replaced with REDACTED; the words around them stay, so the summary still says
// what happened. Pure text in, text out.
export const REDACTED = '[redacted]';

interface Rule {
  /** What the rule covers, for the reader and the tests. */
  name: string;
  pattern: RegExp;
  /** Replacement; `$1` keeps the part before the secret. */
  replace: string;
}

// Every pattern is linear: fixed literals, then one bounded run of non-space characters.
const RULES: Rule[] = [
  // scheme://user:password@host
  { name: 'password in a URL', pattern: /([a-z][a-z0-9+.-]{0,20}:\/\/[^\s:/@]{0,256}:)[^\s@/]{1,256}@/gi, replace: `$1${REDACTED}@` },
  // PGPASSWORD=…, MYSQL_PWD=…, AWS_SECRET_ACCESS_KEY=…, API_TOKEN=…, password=…
  {
    name: 'secret in an assignment',
    pattern:
      /((?:^|[\s;&|'"(])(?:[A-Za-z_]{0,40}(?:PASSWORD|PASSWD|PWD|SECRET|TOKEN|API_?KEY|ACCESS_KEY)|password|passwd|pwd|secret|token|api_?key)=)(?:'[^']{0,256}'|"[^"]{0,256}"|[^\s;&|]{1,256})/g,
    replace: `$1${REDACTED}`,
  },
  // --password=x, --password x, --pass x, --token x, --api-key x, --secret x
  {
    name: 'password or token flag',
    pattern: /((?:^|\s)--?(?:password|passwd|pass|token|api-key|apikey|secret|auth-token|access-token)(?:=|\s+))(?:'[^']{0,256}'|"[^"]{0,256}"|[^\s]{1,256})/gi,
    replace: `$1${REDACTED}`,
  },
  // mysql -pSecret (the value glued to -p), sshpass -p secret
  { name: '-p with a glued value', pattern: /((?:^|\s)(?:mysql|mysqldump|mariadb)\b[^\n]{0,256}?\s-p)(?!\s)[^\s]{1,256}/g, replace: `$1${REDACTED}` },
  { name: 'sshpass -p', pattern: /((?:^|\s)sshpass\s+-p\s*)[^\s]{1,256}/g, replace: `$1${REDACTED}` },
  // curl -u user:password, --user user:password
  { name: 'curl -u user:password', pattern: /((?:^|\s)(?:-u|--user)\s+[^\s:]{1,256}:)[^\s]{1,256}/g, replace: `$1${REDACTED}` },
  // Authorization: Bearer …, Basic …
  { name: 'authorization header', pattern: /(\b(?:Bearer|Basic|Token)\s+)[A-Za-z0-9._~+/=-]{8,4096}/g, replace: `$1${REDACTED}` },
  // Well-known token shapes anywhere: GitHub, Slack, AWS access key ids, JWTs.
  {
    name: 'token shape',
    pattern:
      /\b(?:gh[pousr]_[A-Za-z0-9]{20,255}|xox[abprs]-[A-Za-z0-9-]{10,255}|AKIA[0-9A-Z]{16}|eyJ[A-Za-z0-9_-]{8,2048}\.[A-Za-z0-9_-]{8,2048}\.[A-Za-z0-9_-]{0,2048})/g,
    replace: REDACTED,
  },
];

/** The text with every secret the rules recognise replaced by REDACTED. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const r of RULES) out = out.replace(r.pattern, r.replace);
  return out;
}
