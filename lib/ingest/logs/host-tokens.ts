// Words that sit where a syslog header puts its host name but are never a host (issue 14 §2):
// a time zone (`2026-03-07 14:01:00.123 UTC [4242] LOG:` — PostgreSQL's default prefix), a month
// name, a log level, a process tag (`sshd[812]:`) or an address with a port (`10.0.0.5:22`).
// Shared by the syslog header parser and the formats that carry a zone word after their time.

/** Offsets in minutes east of UTC of the zone abbreviations PostgreSQL, nginx and Java print. */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0,
  UCT: 0,
  GMT: 0,
  Z: 0,
  WET: 0,
  WEST: 60,
  BST: 60,
  CET: 60,
  CEST: 120,
  MET: 60,
  MEST: 120,
  EET: 120,
  EEST: 180,
  MSK: 180,
  IST: 330,
  SGT: 480,
  HKT: 480,
  AWST: 480,
  JST: 540,
  KST: 540,
  ACST: 570,
  AEST: 600,
  AEDT: 660,
  NZST: 720,
  NZDT: 780,
  HST: -600,
  AKST: -540,
  AKDT: -480,
  PST: -480,
  PDT: -420,
  MST: -420,
  MDT: -360,
  CST: -360,
  CDT: -300,
  EST: -300,
  EDT: -240,
  AST: -240,
  ADT: -180,
  NST: -210,
  NDT: -150,
};

const MONTH_WORDS = new Set(
  [
    'jan',
    'feb',
    'mar',
    'apr',
    'may',
    'jun',
    'jul',
    'aug',
    'sep',
    'sept',
    'oct',
    'nov',
    'dec',
    'january',
    'february',
    'march',
    'april',
    'june',
    'july',
    'august',
    'september',
    'october',
    'november',
    'december',
  ].map((w) => w.toLowerCase()),
);

const LEVEL_WORDS = new Set([
  'trace',
  'debug',
  'debug1',
  'debug2',
  'debug3',
  'debug4',
  'debug5',
  'info',
  'information',
  'notice',
  'log',
  'warn',
  'warning',
  'error',
  'err',
  'crit',
  'critical',
  'alert',
  'emerg',
  'emergency',
  'fatal',
  'panic',
  'severe',
  'statement',
  'detail',
  'hint',
]);

/** `UTC`, `CEST`, `+0100`, `-05:00`, `+01`: a zone word as time stamps print it. */
export function isTimeZoneToken(t: string): boolean {
  if (Object.hasOwn(ZONE_ABBREVIATIONS, t)) return true;
  const c = t.charCodeAt(0);
  if ((c !== 43 && c !== 45) || (t.length !== 3 && t.length !== 5 && t.length !== 6)) return false;
  for (let i = 1; i < t.length; i++) {
    const d = t.charCodeAt(i);
    if (!(d >= 48 && d <= 57) && !(i === 3 && d === 58 && t.length === 6)) return false;
  }
  return true;
}

export function isMonthToken(t: string): boolean {
  return MONTH_WORDS.has(t.toLowerCase());
}

/** `ERROR`, `<info>`, `[warn]`, `WARNING:`: a severity word, bare or in its usual wrapping. */
export function isLevelToken(t: string): boolean {
  let w = t;
  if (w.endsWith(':')) w = w.slice(0, -1);
  if ((w.startsWith('<') && w.endsWith('>')) || (w.startsWith('[') && w.endsWith(']'))) w = w.slice(1, -1);
  return LEVEL_WORDS.has(w.toLowerCase());
}

/** `sshd[812]:`, `sshd[812]`, `[4242]`, `kernel:`: a process tag, not a host. */
export function isProcessToken(t: string): boolean {
  if (t.endsWith(':')) return true;
  const b = t.indexOf('[');
  return b !== -1 && t.endsWith(']');
}

/** `10.0.0.5:22`, `[2001:db8::1]:443`: an address with a port. */
export function isAddressWithPort(t: string): boolean {
  if (t.startsWith('[')) {
    const close = t.indexOf(']:');
    return close > 1 && isPort(t.slice(close + 2));
  }
  const colon = t.lastIndexOf(':');
  if (colon <= 0 || t.indexOf(':') !== colon) return false;
  const host = t.slice(0, colon);
  const parts = host.split('.');
  if (parts.length !== 4) return false;
  for (const p of parts) if (!isPort(p) || Number(p) > 255) return false;
  return isPort(t.slice(colon + 1));
}

function isPort(s: string): boolean {
  if (s.length === 0 || s.length > 5) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return Number(s) <= 65535;
}

/** Why `t` cannot be a host name, or undefined when it can. */
export function notAHostName(t: string): string | undefined {
  if (t.length === 0) return 'empty';
  if (isTimeZoneToken(t)) return 'a time zone';
  if (isMonthToken(t)) return 'a month name';
  if (isLevelToken(t)) return 'a log level';
  if (isProcessToken(t)) return 'a process tag';
  if (isAddressWithPort(t)) return 'an address with a port';
  return undefined;
}
