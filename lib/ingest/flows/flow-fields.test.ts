import { describe, expect, it } from 'vitest';
import { parsePort, parseSecondsToMs, parseTcpFlags, parseTimestamp, parseUint } from './flow-fields';
import { protocolNumber } from './protocols';
import { createZoneClock } from './zone-time';

const whole =
  <T>(fn: (s: string, a: number, b: number) => T) =>
  (s: string) =>
    fn(s, 0, s.length);
const utc = createZoneClock('UTC');

describe('flow field decoders', () => {
  it('reads counts, padded or not', () => {
    expect(['42', '  0', '18446744073709', ''].map(whole(parseUint))).toEqual([42, 0, 18446744073709, Number.NaN]);
    expect(['1.2', '-1', '12345678901234567'].map(whole(parseUint))).toEqual([Number.NaN, Number.NaN, Number.NaN]);
  });

  it('reads seconds with fractions as truncated ms', () => {
    expect(['8.220', '    0.000', '1672843056.913119', '3', '1.', 'x'].map(whole(parseSecondsToMs))).toEqual([8220, 0, 1672843056913, 3000, 1000, Number.NaN]);
  });

  it.each([
    ['2015-03-30 14:44:49', Date.UTC(2015, 2, 30, 14, 44, 49)],
    ['2024-11-05 10:00:01.25', Date.UTC(2024, 10, 5, 10, 0, 1, 250)],
    ['2024-11-05T10:00:01.123456Z', Date.UTC(2024, 10, 5, 10, 0, 1, 123)],
    ['2024-11-05 10:00:01+0100', Date.UTC(2024, 10, 5, 9, 0, 1)],
    ['1418530010', 1418530010000],
    ['1730800801250', 1730800801250],
    ['1730800801.250', 1730800801250],
    ['0000-00-00 00:00:00.000', Number.NaN],
    ['2024-11-05 25:00:00', Number.NaN],
    ['2024-11-05 10:00:00 junk', Number.NaN],
    ['yesterday', Number.NaN],
  ])('timestamp %j', (text, expected) => expect(parseTimestamp(text, 0, text.length, utc)).toBe(expected));

  it('reads ports and ICMP type.code', () => {
    expect(['443', '8.0', '3.10', '70000', '256.0'].map(whole(parsePort))).toEqual([443, 2048, 778, Number.NaN, Number.NaN]);
  });

  it('reads TCP flags in every spelling', () => {
    expect(['...AP.SF', 'CEUAPRSF', '.A..SF', '........', '0x12', '18', 'XYZ'].map(whole(parseTcpFlags))).toEqual([27, 255, 19, 0, 18, 18, Number.NaN]);
  });

  it('maps protocol names and numbers', () => {
    expect(['TCP', 'udp', 'ICMP', 'ICMP6', 'ipv6-icmp', 'GRE', '47   ', '3PC', 'IPIP', '300', 'nope'].map(protocolNumber)).toEqual([
      6,
      17,
      1,
      58,
      58,
      47,
      47,
      34,
      4,
      Number.NaN,
      Number.NaN,
    ]);
  });
});
