// Binary address → text for the packet and NetFlow decoders (packet-headers.ts, netflow/).
// NOTE: reconstructed by the text-flow helper after it overwrote this file by mistake; the
// exports and behaviour follow how the binary decoders call them. IPv4-mapped (::ffff:a.b.c.d)
// and IPv4-compatible (::a.b.c.d, what nfdump prints for pmacct replays) addresses become
// dotted IPv4, as the text parsers do (address-text.ts), so one host has one address text.

/** Dotted IPv4 text of the 4 bytes at `off`. */
export function ipv4Text(buf: Uint8Array, off: number): string {
  return `${buf[off] ?? 0}.${buf[off + 1] ?? 0}.${buf[off + 2] ?? 0}.${buf[off + 3] ?? 0}`;
}

/** RFC 5952 text (lower case, longest zero run compressed) of the 16 bytes at `off`. */
export function ipv6Text(buf: Uint8Array, off: number): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((buf[off + 2 * i] ?? 0) << 8) | (buf[off + 2 * i + 1] ?? 0));
  const [w0, w1, w2, w3, w4, w5, w6 = 0] = words;
  if (w0 === 0 && w1 === 0 && w2 === 0 && w3 === 0 && w4 === 0 && (w5 === 0xffff || (w5 === 0 && w6 !== 0))) {
    return ipv4Text(buf, off + 12);
  }
  let bestStart = -1;
  let bestLen = 1; // RFC 5952 4.2.2: a single zero word is not compressed
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number): string =>
    words
      .slice(from, to)
      .map((w) => w.toString(16))
      .join(':');
  if (bestStart === -1) return hex(0, 8);
  return `${hex(0, bestStart)}::${hex(bestStart + bestLen, 8)}`;
}
