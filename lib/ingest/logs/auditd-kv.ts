import { decodeHexArgvText, decodeHexText, isHex } from './auditd-hex';

// The `key=value` scanner for audit records. An audit.log holds millions of records of ~25
// fields each, so it walks the text once (char loop for keys, indexOf for values, no regex)
// and keeps only the fields Sightline reads, in fixed slots of an array: measured, putting
// every field into an object keyed by name cost as much as finding the fields.

/** The fields read by the event builder; upper case are ENRICHED / laurel translations. */
export const FIELD_NAMES = [
  // Fields of the short, frequent records (PATH, CWD, PROCTITLE, SOCKADDR) come first: a record's
  // array only grows as far as its highest slot.
  'name',
  'nametype',
  'cwd',
  'proctitle',
  'saddr',
  'SADDR',
  'arch',
  'syscall',
  'success',
  'exit',
  'a0',
  'a1',
  'a2',
  'ppid',
  'pid',
  'auid',
  'uid',
  'euid',
  'comm',
  'exe',
  'key',
  'acct',
  'addr',
  'rport',
  'res',
  'cmd',
  'unit',
  'op',
  'data',
  'ARCH',
  'SYSCALL',
  'UID',
  'AUID',
] as const;

export type FieldName = (typeof FIELD_NAMES)[number];

/** Slot of each field: `fields[F.exe]`. */
export const F = Object.fromEntries(FIELD_NAMES.map((name, i) => [name, i])) as { readonly [K in FieldName]: number };

/** One record's wanted field values (unquoted, hex-decoded) by slot; undefined when absent. */
export type Fields = (string | undefined)[];

/** EXECVE argument fields as key, value, key, value… (`argc`, `a0`, `a1_len`, `a1[0]` …; parts raw). */
export type Args = string[];

/** Records with only the first few slots (PATH, CWD …) start empty and grow; others get all slots. */
const SHORT_RECORDS = new Set(['PATH', 'CWD', 'PROCTITLE', 'SOCKADDR', 'EXECVE', 'EOE']);

export function newFields(type?: string): Fields {
  return type === undefined || SHORT_RECORDS.has(type) ? [] : new Array<string | undefined>(FIELD_NAMES.length);
}

/** Fields from name/value pairs (laurel, auoms, tests); unknown names are ignored. */
export function fieldsFrom(values: Record<string, string | undefined>): Fields {
  const out = newFields();
  for (const name in values) {
    const slot = (F as Record<string, number>)[name];
    if (slot !== undefined && Object.hasOwn(F, name)) out[slot] = values[name];
  }
  return out;
}

/**
 * Keys whose unquoted value is hex: the kernel and libaudit encode these strings whenever they
 * hold a space, quote, control or non-ASCII byte (audit-userspace `auparse/interpret.c`, the
 * "encoded" fields), and always quote them otherwise.
 */
const HEX_FIELDS = new Set<FieldName>(['proctitle', 'exe', 'comm', 'cmd', 'cwd', 'name', 'acct', 'key', 'data']);

interface Wanted {
  slot: number;
  name: string;
  isHex: boolean;
}

// Field names are looked up by (length, first two chars, last char) in a small table, then
// confirmed char by char: per field of every record, this is the parser's innermost step
// (a name-keyed Map or String#startsWith on each field cost several times more).
const TABLE_SIZE = 1024;
const hashOf = (len: number, c0: number, c1: number, last: number) => (len * 961 + c0 * 31 + c1 * 7 + last) % TABLE_SIZE;
const WANTED_TABLE: (Wanted | undefined)[] = new Array(TABLE_SIZE);
FIELD_NAMES.forEach((name, slot) => {
  const h = hashOf(name.length, name.charCodeAt(0), name.charCodeAt(1), name.charCodeAt(name.length - 1));
  if (WANTED_TABLE[h] !== undefined) throw new Error(`field table collision: ${name}`);
  WANTED_TABLE[h] = { slot, name, isHex: HEX_FIELDS.has(name) };
});

function wantedAt(s: string, i: number, eq: number): Wanted | undefined {
  if (eq - i < 2) return undefined;
  const w = WANTED_TABLE[hashOf(eq - i, s.charCodeAt(i), s.charCodeAt(i + 1), s.charCodeAt(eq - 1))];
  if (w === undefined || w.name.length !== eq - i) return undefined;
  for (let j = 2; j < w.name.length - 1; j++) if (s.charCodeAt(i + j) !== w.name.charCodeAt(j)) return undefined;
  return w;
}

function decodeHexField(slot: number, value: string): string {
  if (!isHex(value)) return value;
  if (slot === F.proctitle) return decodeHexArgvText(value);
  // Several rule keys are joined by 0x01 (`-k a -k b`); shown comma-separated, as auoms does.
  if (slot === F.key) return decodeHexText(value).replaceAll('\u0001', ',');
  return decodeHexText(value);
}

/** EXECVE aN is hex when encoded; aN[i] parts stay raw so the argv builder joins them first. */
function decodeArg(key: string, value: string): string {
  return key.indexOf('[') === -1 && key.indexOf('_') === -1 && isHex(value) ? decodeHexText(value) : value;
}

/** Extends an unquoted value over following words that are not `k=v` (`op=adding group to /etc/group`). */
function extendWords(s: string, end: number, to: number): number {
  while (end < to) {
    const next = end + 1;
    let sp = s.indexOf(' ', next);
    if (sp === -1 || sp > to) sp = to;
    if (sp === next) return end;
    const eq = s.indexOf('=', next);
    const q = s.charCodeAt(next);
    if ((eq !== -1 && eq < sp) || q === 34 || q === 39) return end;
    end = sp;
  }
  return end;
}

/**
 * Reads `s[from, to)` into `out` (or, for an EXECVE record, every `a…` key into `args`). A later
 * key overwrites an earlier one, so the nested `msg='…'` of user-space records, read after the
 * outer fields, wins. Words without `=` (`avc:  denied  { read } for`, `PAM: accounting`) are skipped.
 */
export function scanFields(s: string, from: number, to: number, out: Fields, args?: Args): void {
  let i = from;
  while (i < to) {
    if (s.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    // Keys and most values are a few characters: a char loop beats two indexOf calls per field.
    let eq = i;
    let c = s.charCodeAt(eq);
    while (c !== 61 && c !== 32 && eq < to) c = s.charCodeAt(++eq);
    if (c !== 61 || eq >= to) {
      i = eq + 1;
      continue;
    }
    // Old PAM records wrap the tail in parentheses: `(hostname=?, addr=?, terminal=cron res=success)`.
    const ks = s.charCodeAt(i) === 40 ? i + 1 : i;
    const v = eq + 1;
    c = v < to ? s.charCodeAt(v) : -1;
    if (c === 39 && eq - ks === 3 && s.startsWith('msg', ks)) {
      let end = s.lastIndexOf("'", to - 1);
      if (end <= v) end = to;
      scanFields(s, v + 1, end, out, args);
      i = end + 1;
      continue;
    }
    const argKey = args !== undefined && s.charCodeAt(ks) === 97 ? s.slice(ks, eq) : undefined;
    const wanted = args === undefined ? wantedAt(s, ks, eq) : undefined;
    let value: string | undefined;
    if (c === 34) {
      let end = s.indexOf('"', v + 1);
      if (end === -1 || end > to) end = to;
      // A quoted part of a multi-part EXECVE argument keeps its quote: "text, not hex".
      if (argKey !== undefined) value = argKey.indexOf('[') === -1 ? s.slice(v + 1, end) : s.slice(v, end);
      else if (wanted !== undefined) value = s.slice(v + 1, end);
      i = end + 1;
    } else if (c === 123) {
      // Interpreted socket addresses: `SADDR={ fam=inet laddr=10.0.0.1 lport=80 }`.
      let end = s.indexOf('}', v);
      if (end === -1 || end >= to) end = to - 1;
      if (wanted !== undefined || argKey !== undefined) value = s.slice(v, end + 1);
      i = end + 1;
    } else {
      // Values can be long (hex): the native search beats a char loop there.
      let end = c === 32 ? v : s.indexOf(' ', v);
      if (end === -1 || end > to) end = to;
      if (wanted?.slot === F.op) end = extendWords(s, end, to);
      if (wanted !== undefined || argKey !== undefined) {
        value = s.slice(v, end);
        const last = value.charCodeAt(value.length - 1);
        if (last === 44 || (last === 41 && value.indexOf('(') === -1)) value = value.slice(0, -1);
        if (argKey !== undefined) value = decodeArg(argKey, value);
        else if (wanted?.isHex) value = decodeHexField(wanted.slot, value);
      }
      i = end + 1;
    }
    if (value === undefined) continue;
    if (argKey !== undefined) args?.push(argKey, value);
    else if (wanted !== undefined) out[wanted.slot] = value;
  }
}
