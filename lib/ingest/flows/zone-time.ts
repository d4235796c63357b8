// A per-parser view of the shared zone conversion (../tz.ts) for the flow hot loops:
// validates the zone once (an unknown zone is a setup error, not bad data), remembers the
// offset of the last 15-minute wall-clock slot (flow exports are nearly time-ordered, so most
// rows skip even tz.ts's Map lookups) and records whether any zone-less time was read, which
// the parsers turn into a "zone-less times read as <zone>" note.

import { IngestError } from '../types';
import { isValidTimeZone, localToUtcMs } from '../tz';

/** tz.ts caches per quarter hour too: no zone changes offset off a quarter hour since 1970. */
const SLOT_MS = 15 * 60_000;

export interface ZoneClock {
  readonly timeZone: string;
  /** True once a zone-less time was converted. */
  used: boolean;
  /** `wallMs` is the wall-clock time encoded as if it were UTC (Date.UTC of its parts). */
  toUtc(wallMs: number): number;
}

/**
 * Overlaps (DST fall-back) resolve to the earlier instant and gap times (spring-forward) move
 * forward by the gap, as tz.ts documents.
 */
export function createZoneClock(timeZone: string): ZoneClock {
  if (!isValidTimeZone(timeZone)) {
    throw new IngestError(`unknown time zone "${timeZone}"`, { reason: `unknown time zone "${timeZone}"` });
  }
  let lastSlot = Number.NaN;
  let lastOffset = 0;
  const clock: ZoneClock = {
    timeZone,
    used: false,
    toUtc(wallMs) {
      clock.used = true;
      const slot = Math.floor(wallMs / SLOT_MS);
      if (slot !== lastSlot) {
        const start = new Date(slot * SLOT_MS); // once per slot, not per row
        const utc = localToUtcMs(
          start.getUTCFullYear(),
          start.getUTCMonth() + 1,
          start.getUTCDate(),
          start.getUTCHours(),
          start.getUTCMinutes(),
          0,
          0,
          timeZone,
        );
        lastSlot = slot;
        lastOffset = slot * SLOT_MS - utc;
      }
      return wallMs - lastOffset;
    },
  };
  return clock;
}
