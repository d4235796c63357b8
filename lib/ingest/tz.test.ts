import { describe, expect, it } from 'vitest';
import { isValidTimeZone, localToUtcMs, zonedParts, zoneOffsetMs } from './tz';

const iso = (ms: number) => new Date(ms).toISOString();

describe('localToUtcMs', () => {
  it.each([
    // zone, local wall clock, expected UTC
    ['UTC', [2024, 3, 7, 14, 2, 11, 0], '2024-03-07T14:02:11.000Z'],
    ['Europe/Berlin', [2024, 1, 15, 12, 0, 0, 250], '2024-01-15T11:00:00.250Z'],
    ['Europe/Berlin', [2024, 7, 15, 12, 0, 0, 0], '2024-07-15T10:00:00.000Z'],
    ['America/New_York', [2023, 12, 31, 23, 59, 59, 999], '2024-01-01T04:59:59.999Z'],
    ['Asia/Kolkata', [2024, 6, 1, 0, 0, 0, 0], '2024-05-31T18:30:00.000Z'],
    ['Asia/Kathmandu', [2024, 6, 1, 5, 45, 0, 0], '2024-06-01T00:00:00.000Z'],
    ['Australia/Lord_Howe', [2024, 1, 10, 12, 0, 0, 0], '2024-01-10T01:00:00.000Z'],
    // Spring forward in Berlin (02:00 → 03:00): 01:59 is still CET, 03:00 already CEST.
    ['Europe/Berlin', [2024, 3, 31, 1, 59, 0, 0], '2024-03-31T00:59:00.000Z'],
    ['Europe/Berlin', [2024, 3, 31, 3, 0, 0, 0], '2024-03-31T01:00:00.000Z'],
    // 02:30 never happens: read with the offset before the change, i.e. as 03:30 CEST.
    ['Europe/Berlin', [2024, 3, 31, 2, 30, 0, 0], '2024-03-31T01:30:00.000Z'],
    // Fall back (03:00 → 02:00): 02:30 happens twice; the earlier (CEST) reading wins.
    ['Europe/Berlin', [2024, 10, 27, 2, 30, 0, 0], '2024-10-27T00:30:00.000Z'],
    ['Europe/Berlin', [2024, 10, 27, 3, 0, 0, 0], '2024-10-27T02:00:00.000Z'],
    ['America/New_York', [2024, 11, 3, 1, 30, 0, 0], '2024-11-03T05:30:00.000Z'],
    ['America/New_York', [2024, 3, 10, 2, 30, 0, 0], '2024-03-10T07:30:00.000Z'],
  ] as const)('%s %j → %s', (zone, [y, mo, d, h, mi, s, ms], expected) => {
    expect(iso(localToUtcMs(y, mo, d, h, mi, s, ms, zone))).toBe(expected);
  });

  it('round-trips every quarter hour of a DST year through zonedParts', () => {
    const zone = 'Europe/London';
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 15 * 60_000) {
      const p = zonedParts(t, zone);
      const back = localToUtcMs(p.year, p.month, p.day, p.hour, p.minute, p.second, 0, zone);
      // In the overlap hour the earlier reading is returned, one hour before t.
      expect([t, t - 3_600_000]).toContain(back);
    }
  });

  it('reads UTC without a formatter, with the same parts as the formatter gives (BC years too)', () => {
    // Etc/UCT is UTC under another name, so it still goes through Intl.
    const instants = [Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(1970, 0, 1), -62_198_755_200_000, -62_135_596_800_001, Date.UTC(9999, 11, 31, 23, 59, 59)];
    for (let t = Date.UTC(2023, 0, 1); t < Date.UTC(2024, 0, 1); t += 7 * 3_600_000 + 1234) instants.push(t);
    for (const t of instants) expect(zonedParts(t, 'UTC'), new Date(t).toISOString()).toEqual(zonedParts(t, 'Etc/UCT'));
  });

  it('knows offsets and zone names', () => {
    expect(zoneOffsetMs(Date.UTC(2024, 6, 1), 'Europe/Berlin')).toBe(2 * 3_600_000);
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });
});
