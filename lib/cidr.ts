// CIDR text as PostgreSQL's `cidr` type accepts it, checked before it reaches SQL.
import net from 'node:net';

/**
 * A CIDR PostgreSQL accepts: a valid address, a prefix within the family's bits, and no bits
 * set right of the prefix (`10.0.0.1/8` is refused by `::cidr`, which gave an error page).
 */
export function parseCidr(s: string | undefined): string | undefined {
  if (!s || s.length > 64) return undefined;
  const slash = s.indexOf('/');
  const ip = slash === -1 ? s : s.slice(0, slash);
  const bits = slash === -1 ? undefined : s.slice(slash + 1);
  const family = net.isIP(ip);
  if (family === 0) return undefined;
  const max = family === 4 ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return undefined;
  const n = bits === undefined ? max : Number(bits);
  if (n > max) return undefined;
  return hasHostBits(ip, n, family) ? undefined : `${ip}/${n}`;
}

function hasHostBits(ip: string, prefix: number, family: number): boolean {
  const bytes = family === 4 ? ip.split('.').map(Number) : ipv6Bytes(ip);
  for (let bit = prefix; bit < bytes.length * 8; bit++) {
    if (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1) return true;
  }
  return false;
}

function ipv6Bytes(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const words = (x: string) => (x ? x.split(':') : []);
  const h = words(head);
  const t = tail === undefined ? [] : words(tail);
  const all = [...h, ...Array(8 - h.length - t.length).fill('0'), ...t];
  return all.flatMap((w) => {
    const v = Number.parseInt(w, 16) || 0;
    return [v >> 8, v & 255];
  });
}
