import type { ParseContext } from '../types';
import { isValidTimeZone, zonedParts } from '../tz';

// RFC 3164 timestamps carry neither year nor zone (docs/ANCHORS.md#time, #quirks-syslog item 1).
// The year comes from the file's modification time: a file is written up to its mtime, so a line
// stamped in a month after the mtime's month must be from the year before (a log that spans New
// Year). The zone is the one the user chose for the upload. Both assumptions are reported as notes.

export interface SyslogClock {
  /** IANA zone for zone-less timestamps. */
  readonly zone: string;
  /** Year of a year-less timestamp in month 1–12. */
  yearFor(month: number): number;
  /** Marks that a zone-less timestamp was read, so `notes()` mentions the zone. */
  markZoneless(): void;
  /** Assumptions made so far, for the upload summary. */
  notes(): string[];
}

const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

/** 1–12 for a three-letter English month abbreviation, else 0. */
export function monthNumber(abbr: string): number {
  return MONTHS[abbr] ?? 0;
}

export function createSyslogClock(ctx: ParseContext, nowMs: number = Date.now()): SyslogClock {
  const notes: string[] = [];
  let zone = ctx.timeZone || 'UTC';
  if (!isValidTimeZone(zone)) {
    notes.push(`unknown time zone "${zone}"; zone-less timestamps read as UTC`);
    zone = 'UTC';
  }
  const hasMtime = ctx.mtimeMs !== undefined && Number.isFinite(ctx.mtimeMs);
  const ref = zonedParts(hasMtime ? (ctx.mtimeMs as number) : nowMs, zone);
  let isYearInferred = false;
  let hasRolledOver = false;
  let isZoneless = false;

  return {
    zone,
    yearFor(month: number): number {
      isYearInferred = true;
      if (month > ref.month) {
        hasRolledOver = true;
        return ref.year - 1;
      }
      return ref.year;
    },
    markZoneless() {
      isZoneless = true;
    },
    notes(): string[] {
      const out = [...notes];
      if (isYearInferred) {
        out.push(
          hasMtime
            ? `year not in timestamps; inferred from the file's modification time (${ref.year}-${String(ref.month).padStart(2, '0')})${hasRolledOver ? `, months after it read as ${ref.year - 1}` : ''}`
            : `year not in timestamps and no file modification time; assumed ${ref.year}${hasRolledOver ? ` (months after the current one read as ${ref.year - 1})` : ''}`,
        );
      }
      if (isZoneless) out.push(`timestamps without a zone read as ${zone}`);
      return out;
    },
  };
}
