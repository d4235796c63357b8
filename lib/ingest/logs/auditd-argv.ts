import { ARGV_SEPARATOR, bytesToText, decodeHexText, isHex } from './auditd-hex';
import type { Args } from './auditd-kv';

// Command lines as the audit sources write them: EXECVE records (args possibly cut into parts
// over several records), proctitle (NUL-separated), and auoms's bash-quoted `cmdline`.

/** Arguments above this count are not materialised (the kernel caps argv at ~2M entries). */
const MAX_ARGS = 65_536;

function argIndex(key: string): { n: number; part: number } | undefined {
  // a<N>, a<N>[<part>] — a<N>_len is only a length and is skipped.
  let i = 1;
  while (i < key.length && key.charCodeAt(i) >= 48 && key.charCodeAt(i) <= 57) i++;
  if (i === 1) return undefined;
  const n = Number(key.slice(1, i));
  if (i === key.length) return { n, part: -1 };
  if (key.charCodeAt(i) !== 91 || !key.endsWith(']')) return undefined;
  const part = Number(key.slice(i + 1, -1));
  return Number.isInteger(part) ? { n, part } : undefined;
}

/**
 * Joins the argv of an event's EXECVE records. A long argument is written as `aN_len=…`
 * followed by `aN[0]=…`, `aN[1]=…` possibly across records; the hex parts are joined before
 * decoding so a multi-byte character cut between parts survives. Args lost with a record
 * come out empty, so positions stay right.
 */
export function assembleExecveArgv(execves: readonly Args[]): string[] | undefined {
  if (execves.length === 0) return undefined;
  const args: string[] = [];
  const parts = new Map<number, string[]>();
  let argc = 0;
  for (const fields of execves) {
    for (let k = 0; k + 1 < fields.length; k += 2) {
      const key = fields[k] as string;
      const value = fields[k + 1] as string;
      if (key === 'argc') {
        argc = Math.min(MAX_ARGS, Number(value) || 0);
        continue;
      }
      const idx = argIndex(key);
      if (idx === undefined || idx.n >= MAX_ARGS) continue;
      if (idx.part === -1) {
        args[idx.n] = value;
      } else {
        let list = parts.get(idx.n);
        if (list === undefined) {
          list = [];
          parts.set(idx.n, list);
        }
        list[idx.part] = value;
      }
    }
  }
  for (const [n, list] of parts) {
    const pieces = Array.from(list, (p) => p ?? '');
    const isQuoted = pieces.some((p) => p.startsWith('"'));
    const joined = isQuoted ? pieces.map((p) => (p.startsWith('"') ? p.slice(1) : p)).join('') : pieces.join('');
    args[n] = !isQuoted && isHex(joined) ? decodeHexText(joined) : joined;
  }
  const length = Math.max(argc, args.length);
  return Array.from({ length }, (_, i) => args[i] ?? '');
}

/** proctitle value (decoded by the scanner with NUL kept as separator) → argv. */
export function splitProctitle(value: string): string[] {
  const parts = value.split(ARGV_SEPARATOR);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

const C_ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  e: '\u001b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  "'": "'",
  '"': '"',
};

/**
 * Splits a command line quoted the way auoms's `bash_escape_string` quotes each argument
 * (OMS-Auditd-Plugin `StringUtils.cpp`): bare words with `\` escapes, `'…'`, `"…"` with
 * `\" \$ \\ \`` escapes, and `$'…'` with C escapes (`\xNN`). Unbalanced quotes end at the end.
 */
export function splitBashWords(text: string): string[] {
  const words: string[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    while (i < n && text[i] === ' ') i++;
    if (i >= n) break;
    let word = '';
    while (i < n && text[i] !== ' ') {
      const c = text[i] as string;
      if (c === "'") {
        const end = text.indexOf("'", i + 1);
        const stop = end === -1 ? n : end;
        word += text.slice(i + 1, stop);
        i = stop + 1;
      } else if (c === '"') {
        i++;
        while (i < n && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < n && '"$\\`'.includes(text[i + 1] as string)) i++;
          word += text[i];
          i++;
        }
        i++;
      } else if (c === '$' && text[i + 1] === "'") {
        i += 2;
        const bytes: number[] = [];
        while (i < n && text[i] !== "'") {
          if (text[i] === '\\' && i + 1 < n) {
            const e = text[i + 1] as string;
            const hex = text.slice(i + 2, i + 4);
            if (e === 'x' && isHex(hex)) {
              bytes.push(Number.parseInt(hex, 16));
              i += 4;
              continue;
            }
            for (const b of Buffer.from(C_ESCAPES[e] ?? e)) bytes.push(b);
            i += 2;
            continue;
          }
          const ch = String.fromCodePoint(text.codePointAt(i) as number);
          for (const b of Buffer.from(ch)) bytes.push(b);
          i += ch.length;
        }
        word += bytesToText(Buffer.from(bytes));
        i++;
      } else if (c === '\\' && i + 1 < n) {
        word += text[i + 1];
        i += 2;
      } else {
        word += c;
        i++;
      }
    }
    words.push(word);
  }
  return words;
}
