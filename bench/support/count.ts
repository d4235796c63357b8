// Sizes on the command line: `1M`, `200k`, `50000`.
export function parseCount(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(s.trim());
  if (!m) throw new Error(`not a count: ${s} (e.g. 1M, 200k, 50000)`);
  const mult = m[2]?.toLowerCase() === 'm' ? 1_000_000 : m[2]?.toLowerCase() === 'k' ? 1000 : 1;
  return Math.round(Number(m[1]) * mult);
}
