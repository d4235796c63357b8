// The client address used for rate limits (issue 20, finding 7). X-Forwarded-For is written by
// whoever sends the request, so it is read only when the operator says a trusted proxy sits in
// front (SIGHTLINE_TRUSTED_PROXY_HOPS = how many proxies append to it); then the entry that many
// places from the right is the address the outermost trusted proxy saw. Otherwise the address is
// the TCP peer, which lib/http/peer-address.ts stamps on every request in PEER_HEADER (any
// client-sent value of that header is overwritten).
export const PEER_HEADER = 'x-sightline-peer';

/** Trusted proxy hops from the environment (0 when unset or invalid: no proxy trusted). */
export function trustedProxyHops(env: Record<string, string | undefined> = process.env): number {
  const n = Number(env.SIGHTLINE_TRUSTED_PROXY_HOPS ?? 0);
  return Number.isInteger(n) && n > 0 && n < 10 ? n : 0;
}

export function clientAddress(headers: Headers, hops = trustedProxyHops()): string {
  if (hops > 0) {
    const chain = (headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const seen = chain[chain.length - hops];
    if (seen) return seen;
  }
  return headers.get(PEER_HEADER) || 'unknown';
}
