// Address text as flow exports print it. nfdump prints IPv4 flows that arrived over an IPv6
// record as IPv4-compatible `::138.187.58.13` (pmacct replays), and some tools print IPv4-mapped
// `::ffff:10.0.0.1`; both are normalised to dotted IPv4 so that one host has one address text.
// Validation is a hand-written scan (no regex, no net.isIP) because it runs twice per row.

function isIpv4(s: string, start: number, end: number): boolean {
  let parts = 0;
  let value = 0;
  let digits = 0;
  for (let i = start; i <= end; i++) {
    const c = i === end ? 46 : s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || value > 255) return false;
      parts++;
      value = 0;
      digits = 0;
    } else {
      const d = c - 48;
      if (d < 0 || d > 9 || ++digits > 3) return false;
      value = value * 10 + d;
    }
  }
  return parts === 4;
}

function isIpv6Text(s: string, end: number): boolean {
  if (end < 2 || end > 45) return false;
  let colons = 0;
  for (let i = 0; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 46)) return false;
  }
  return colons >= 2 && colons <= 7;
}

/** Dotted IPv4 or IPv6 text, normalised as above; `undefined` if it is not an address. */
export function normalizeIp(raw: string): string | undefined {
  let s = raw;
  if (s.length > 0 && (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32)) s = s.trim();
  if (s.length >= 7 && s.length <= 15 && isIpv4(s, 0, s.length)) return s;
  const zone = s.indexOf('%'); // fe80::1%eth0: the zone is host-local, drop it
  if (zone !== -1) s = s.slice(0, zone);
  if (!isIpv6Text(s, s.length)) return undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.indexOf('.', lastColon) !== -1) {
    if (!isIpv4(s, lastColon + 1, s.length)) return undefined;
    const prefix = s.slice(0, lastColon + 1).toLowerCase();
    if (prefix === '::' || prefix === '::ffff:' || prefix === '0:0:0:0:0:0:' || prefix === '0:0:0:0:0:ffff:') {
      return s.slice(lastColon + 1);
    }
  }
  return ipv6Bytes(s) === undefined ? undefined : s;
}

/** The 4 or 16 network-order bytes of an address (for hashing); `undefined` if not an address. */
export function ipBytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  const length = writeIpBytes(text, out);
  return length === 0 ? undefined : out.subarray(0, length);
}

/**
 * Writes the address's network-order bytes into `out` (16 bytes of room) and returns 4 or 16,
 * or 0 if `text` is not an address. Dotted IPv4 is decoded without allocating: Community IDs
 * are computed for every flow at ingest.
 */
export function writeIpBytes(text: string, out: Uint8Array): number {
  let octet = 0;
  let digits = 0;
  let part = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = i === text.length ? 46 : text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255 || part > 3) break;
      out[part++] = octet;
      octet = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + c - 48;
      digits++;
    } else {
      part = -1;
      break;
    }
  }
  if (part === 4) return 4;
  const v6 = ipv6Bytes(text);
  if (v6 === undefined) return 0;
  out.set(v6);
  return 16;
}

function ipv6Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string): number[] | undefined => {
    if (half === '') return [];
    const words: number[] = [];
    for (const part of half.split(':')) {
      if (part.includes('.')) {
        if (!isIpv4(part, 0, part.length)) return undefined;
        const [a = 0, b = 0, c = 0, d = 0] = part.split('.').map(Number);
        words.push((a << 8) | b, (c << 8) | d);
      } else {
        if (part.length === 0 || part.length > 4) return undefined;
        const word = Number.parseInt(part, 16);
        if (!(word >= 0) || !/^[0-9a-f]+$/i.test(part)) return undefined;
        words.push(word);
      }
    }
    return words;
  };
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const words = [...head, ...new Array<number>(fill).fill(0), ...tail];
  words.forEach((word, i) => {
    out[2 * i] = word >> 8;
    out[2 * i + 1] = word & 0xff;
  });
  return out;
}
