import { isUtf8 } from 'node:buffer';
import { decodeEscaped } from './split-lines';

// auditd hex-encodes any value holding a space, a quote, a control or a non-ASCII byte.

/** Joins proctitle's NUL-separated argv inside one field value; split again by the event builder. */
export const ARGV_SEPARATOR = '\u0000';

export function isHex(value: string): boolean {
  const n = value.length;
  if (n === 0 || n % 2 !== 0) return false;
  for (let i = 0; i < n; i++) {
    const c = value.charCodeAt(i);
    // 0-9, A-F, a-f (the kernel writes upper case; some tools lower case).
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

/** Text of bytes; invalid UTF-8 and NUL (which PostgreSQL text cannot hold) are kept as `\xNN`. */
export function bytesToText(buf: Buffer): string {
  return isUtf8(buf) && buf.indexOf(0) === -1 ? buf.toString('utf8') : decodeEscaped(buf);
}

const HEX_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i;
for (let i = 0; i < 6; i++) HEX_VALUE[65 + i] = HEX_VALUE[97 + i] = 10 + i;

/**
 * Short ASCII hex (most encoded paths and arguments) decoded without a Buffer round trip, which
 * costs more than the decoding itself. Undefined when a byte needs the full UTF-8 path.
 */
function decodeShortAscii(hex: string, allowNul: boolean): string | undefined {
  const n = hex.length >> 1;
  if (n > 256) return undefined;
  const codes = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const b = ((HEX_VALUE[hex.charCodeAt(2 * i)] as number) << 4) | (HEX_VALUE[hex.charCodeAt(2 * i + 1)] as number);
    if (b > 127 || (b === 0 && !allowNul)) return undefined;
    codes[i] = b;
  }
  return String.fromCharCode(...codes);
}

/** Hex (already checked with isHex) → text. */
export function decodeHexText(hex: string): string {
  return decodeShortAscii(hex, false) ?? bytesToText(Buffer.from(hex, 'hex'));
}

/** proctitle hex → its NUL-separated argv as one string (ARGV_SEPARATOR is NUL itself). */
export function decodeHexArgvText(hex: string): string {
  return decodeShortAscii(hex, true) ?? decodeHexArgv(hex).join(ARGV_SEPARATOR);
}

/** proctitle: NUL-separated strings, trailing NULs dropped. */
export function decodeHexArgv(hex: string): string[] {
  const buf = Buffer.from(hex, 'hex');
  const out: string[] = [];
  let from = 0;
  while (from < buf.length) {
    let nul = buf.indexOf(0, from);
    if (nul === -1) nul = buf.length;
    out.push(bytesToText(buf.subarray(from, nul)));
    from = nul + 1;
  }
  return out;
}
