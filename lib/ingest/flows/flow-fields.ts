// Field decoders shared by the text flow parsers. They read a field in place as
// (text, start, end) — no substring, no regex, no Date — because the nfdump CSV loop calls them
// ~15 times per row for millions of rows. Every decoder answers NaN / undefined for bad input;
// the caller turns that into a located ParseIssue.
import type { ZoneClock } from './zone-time';

const SPACE = 32;
const TAB = 9;
const ZERO = 48;
const NINE = 57;

function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** Unsigned decimal integer; surrounding blanks allowed (nfdump pads some columns). NaN otherwise. */
export function parseUint(s: string, start: number, end: number): number {
  let a = start;
  let b = end;
  while (a < b && isBlank(s.charCodeAt(a))) a++;
  while (b > a && isBlank(s.charCodeAt(b - 1))) b--;
  if (a === b || b - a > 16) return Number.NaN;
  let n = 0;
  for (let i = a; i < b; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return Number.NaN;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Decimal seconds (`8.220`, `1672843056.913119`) → integer ms, truncating below the ms.
 * With `msIfLong`, an integer of 12+ digits is taken as ms already (nfdump csv-fast prints
 * msecFirst; 12 digits of seconds would be year 33658).
 */
export function parseSecondsToMs(s: string, start: number, end: number, msIfLong = false): number {
  let a = start;
  let b = end;
  while (a < b && isBlank(s.charCodeAt(a))) a++;
  while (b > a && isBlank(s.charCodeAt(b - 1))) b--;
  let whole = 0;
  let digits = 0;
  let i = a;
  for (; i < b; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) break;
    whole = whole * 10 + c;
    digits++;
  }
  if (digits === 0 || digits > 16) return Number.NaN;
  if (i === b) return msIfLong && digits >= 12 ? whole : whole * 1000;
  if (s.charCodeAt(i) !== 46 /* . */) return Number.NaN;
  let frac = 0;
  let scale = 100;
  for (i++; i < b; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return Number.NaN;
    frac += c * scale;
    scale /= 10;
  }
  return whole * 1000 + Math.floor(frac);
}

function digitsAt(s: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return Number.NaN; // also catches reading past the end (NaN - 48)
    n = n * 10 + c;
  }
  return n;
}

/**
 * A timestamp in any of the shapes flow exports use, → UTC ms (NaN if unreadable):
 * `YYYY-MM-DD HH:MM:SS[.fff…]` (or `T`), read in `clock`'s zone unless followed by `Z` or
 * `±HH[:]MM`; or epoch seconds `1418530010[.123]`, or epoch ms of 12+ digits.
 * nfdump prints `0000-00-00 00:00:00.000` when a time is missing: month 0 makes that NaN.
 */
export function parseTimestamp(s: string, start: number, end: number, clock: ZoneClock): number {
  let a = start;
  let b = end;
  while (a < b && isBlank(s.charCodeAt(a))) a++;
  while (b > a && isBlank(s.charCodeAt(b - 1))) b--;
  if (b - a < 19 || s.charCodeAt(a + 4) !== 45 /* - */) return parseSecondsToMs(s, a, b, true);
  const sep = s.charCodeAt(a + 10);
  if (s.charCodeAt(a + 7) !== 45 || (sep !== SPACE && sep !== 84) /* T */) return Number.NaN;
  if (s.charCodeAt(a + 13) !== 58 || s.charCodeAt(a + 16) !== 58 /* : */) return Number.NaN;
  const year = digitsAt(s, a, 4);
  const month = digitsAt(s, a + 5, 2);
  const day = digitsAt(s, a + 8, 2);
  const hour = digitsAt(s, a + 11, 2);
  const minute = digitsAt(s, a + 14, 2);
  const second = digitsAt(s, a + 17, 2);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60)) {
    return Number.NaN; // NaN fields fail every comparison
  }
  let i = a + 19;
  let ms = 0;
  if (i < b && s.charCodeAt(i) === 46) {
    let scale = 100;
    for (i++; i < b; i++) {
      const c = s.charCodeAt(i) - ZERO;
      if (c < 0 || c > 9) break;
      ms += c * scale;
      scale /= 10;
    }
    ms = Math.floor(ms);
  }
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms); // a number, no Date object
  if (i === b) return clock.toUtc(wall);
  const z = s.charCodeAt(i);
  if (z === 90 /* Z */ && i + 1 === b) return wall;
  if (z !== 43 && z !== 45) return Number.NaN; // + -
  const oh = digitsAt(s, i + 1, 2);
  const colon = s.charCodeAt(i + 3) === 58 ? 1 : 0;
  const om = digitsAt(s, i + 3 + colon, 2);
  if (i + 5 + colon !== b || !(oh <= 14 && om <= 59)) return Number.NaN;
  const offset = (oh * 60 + om) * 60_000;
  return z === 43 ? wall - offset : wall + offset;
}

/** A port; ICMP "type.code" (nfdump ≥ 1.7.5 prints dstPort that way) → type·256+code as in NetFlow v5. */
export function parsePort(s: string, start: number, end: number): number {
  const dot = s.indexOf('.', start);
  if (dot !== -1 && dot < end) {
    const type = parseUint(s, start, dot);
    const code = parseUint(s, dot + 1, end);
    return type <= 255 && code <= 255 ? type * 256 + code : Number.NaN;
  }
  const port = parseUint(s, start, end);
  return port <= 65535 ? port : Number.NaN;
}

/** Bit of one nfdump flag letter (C E U A P R S F = CWR … FIN), 0 for '.', -1 if not a flag. */
function flagBit(c: number): number {
  switch (c) {
    case 46: // .
      return 0;
    case 67: // C
      return 128;
    case 69: // E
      return 64;
    case 85: // U
      return 32;
    case 65: // A
      return 16;
    case 80: // P
      return 8;
    case 82: // R
      return 4;
    case 83: // S
      return 2;
    case 70: // F
      return 1;
    default:
      return -1;
  }
}

/**
 * TCP flags as nfdump prints them: 8 positions `CEUAPRSF` (1.7) or 6 `UAPRSF` (1.6), `.` for
 * unset — decoded by letter, so both widths work. Also accepts `0x1b` and plain decimal.
 */
export function parseTcpFlags(s: string, start: number, end: number): number {
  let a = start;
  let b = end;
  while (a < b && isBlank(s.charCodeAt(a))) a++;
  while (b > a && isBlank(s.charCodeAt(b - 1))) b--;
  if (a === b) return Number.NaN;
  const first = s.charCodeAt(a);
  if (first >= ZERO && first <= NINE) {
    if (s.charCodeAt(a + 1) === 120 /* x */ && first === ZERO) {
      const hex = Number.parseInt(s.slice(a + 2, b), 16);
      return hex >= 0 && hex <= 255 ? hex : Number.NaN;
    }
    const n = parseUint(s, a, b);
    return n <= 255 ? n : Number.NaN;
  }
  let flags = 0;
  for (let i = a; i < b; i++) {
    const bit = flagBit(s.charCodeAt(i));
    if (bit < 0) return Number.NaN;
    flags |= bit;
  }
  return flags;
}
