// Wall-clock time in an IANA zone → UTC epoch ms. Shared by every parser that reads zone-less
// timestamps (RFC 3164 syslog, nfdump `%ts`). Intl is slow (~µs per call), so zone offsets are
// cached per 15-minute UTC bucket: every real DST/offset transition since 1970 falls on a
// quarter hour, so one bucket never straddles a change.

const BUCKET_MS = 15 * 60_000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const localCache = new Map<string, Map<number, number>>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA zone name this runtime knows (`UTC`, `Europe/Berlin` …). */
export function isValidTimeZone(zone: string): boolean {
  try {
    formatterFor(zone);
    return true;
  } catch {
    return false;
  }
}

function isUtc(zone: string): boolean {
  return zone === 'UTC' || zone === 'Etc/UTC' || zone === 'GMT' || zone === 'Etc/GMT';
}

/** Wall-clock parts of a UTC instant in `zone` (month 1-based). */
export function zonedParts(utcMs: number, zone: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  // UTC needs no formatter (formatToParts took ~60 µs a call: 0.3 s for a 5 000-file bundle,
  // one call per file). getUTCFullYear counts years astronomically (0 = 1 BC), as below.
  if (isUtc(zone)) {
    const d = new Date(utcMs);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  const p = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  let isBce = false;
  for (const part of formatterFor(zone).formatToParts(new Date(utcMs))) {
    if (part.type === 'era') isBce = part.value.startsWith('B');
    else if (part.type in p) p[part.type as keyof typeof p] = Number(part.value);
  }
  if (isBce) p.year = 1 - p.year;
  return p;
}

function computeOffset(utcMs: number, zone: string): number {
  const p = zonedParts(utcMs, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // Sub-second part of utcMs is dropped by the formatter; compare at whole seconds.
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** Offset (local − UTC, ms) of `zone` at the UTC instant `utcMs`. */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  if (isUtc(zone)) return 0;
  let perZone = offsetCache.get(zone);
  if (!perZone) {
    perZone = new Map();
    offsetCache.set(zone, perZone);
  }
  const bucket = Math.floor(utcMs / BUCKET_MS);
  let off = perZone.get(bucket);
  if (off === undefined) {
    off = computeOffset(bucket * BUCKET_MS, zone);
    perZone.set(bucket, off);
  }
  return off;
}

/**
 * UTC ms of a wall-clock time in `zone`; `mo` is 1-based. In the autumn overlap (a local time
 * that happens twice) the earlier instant is returned; in the spring gap (a local time that
 * never happens) the time is read with the offset before the change, i.e. moved forward, the
 * way `date` and most log readers do.
 */
export function localToUtcMs(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, zone: string): number {
  const local = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (isUtc(zone)) return local;
  // Local quarter hours also never straddle a transition, so the chosen offset is cached per
  // local bucket: one Map lookup per line on the hot path.
  let perZone = localCache.get(zone);
  if (!perZone) {
    perZone = new Map();
    localCache.set(zone, perZone);
  }
  const bucket = Math.floor(local / BUCKET_MS);
  let off = perZone.get(bucket);
  if (off === undefined) {
    const start = bucket * BUCKET_MS;
    off = start - resolveLocal(start, zone);
    perZone.set(bucket, off);
  }
  return local - off;
}

function resolveLocal(local: number, zone: string): number {
  // Two rounds settle every case: the guess offset is the one in force near `local`.
  const o1 = zoneOffsetMs(local, zone);
  const u1 = local - o1;
  const o2 = zoneOffsetMs(u1, zone);
  if (o2 === o1) {
    // Possibly in an overlap: prefer the earlier reading if the larger offset also fits.
    const oBefore = zoneOffsetMs(u1 - 3 * 3_600_000, zone);
    if (oBefore > o1 && zoneOffsetMs(local - oBefore, zone) === oBefore) return local - oBefore;
    return u1;
  }
  const u2 = local - o2;
  if (zoneOffsetMs(u2, zone) === o2) return u2;
  // Gap: neither offset maps back; use the offset before the transition.
  return local - Math.min(o1, o2);
}
