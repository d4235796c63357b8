// Flow exports repeat addresses constantly, so a small direct-mapped cache of recent IPv4
// texts saves most of the string building and garbage when decoding millions of records.
import { ipv4Text } from '../ip-text';

const CACHE_BITS = 12;
const cachedValue = new Uint32Array(1 << CACHE_BITS);
const cachedText: (string | undefined)[] = new Array(1 << CACHE_BITS).fill(undefined);

/** Same text as ipv4Text, from a cache keyed by the 32-bit address. */
export function cachedIpv4Text(buf: Buffer, off: number): string {
  const v = buf.readUInt32BE(off);
  const slot = Math.imul(v, 0x9e3779b1) >>> (32 - CACHE_BITS);
  const hit = cachedText[slot];
  if (hit !== undefined && cachedValue[slot] === v) return hit;
  const text = ipv4Text(buf, off);
  cachedValue[slot] = v;
  cachedText[slot] = text;
  return text;
}
