// Issue 20, finding 14: bad filter values gave an error page; settings took `1.2.3.4/99`.
import { describe, expect, it } from 'vitest';
import { validateSettings } from '../assessments/settings';
import { parseCidr } from '../cidr';
import { parseActivityFilterWithNotices, parsePageNumber } from './activity-filter';

describe('filter values from the URL', () => {
  it.each([
    ['subnet', '10.0.0.1/8'],
    ['subnet', '1.2.3.4/99'],
    ['subnet', 'fe80::1/10'],
    ['from', '275760-09-13'],
    ['to', 'not a date'],
    ['stage', 'nope'],
  ])('%s=%s is ignored with a notice', (key, value) => {
    const { filter, notices } = parseActivityFilterWithNotices({ [key]: value });
    expect(filter[key as keyof typeof filter]).toBeUndefined();
    expect(notices).toEqual([`Ignored ${key}="${value}": not a valid value.`]);
  });

  it('good values pass without notices', () => {
    const { filter, notices } = parseActivityFilterWithNotices({ subnet: '10.0.0.0/8', from: '2026-03-07', stage: 'recon' });
    expect(notices).toEqual([]);
    expect(filter).toMatchObject({ subnet: '10.0.0.0/8', from: '2026-03-07T00:00:00.000Z', stage: 'recon' });
  });

  it.each([
    ['1e20', 1],
    ['-3', 1],
    ['0', 1],
    ['7', 7],
    ['99999999', 1],
  ])('page=%s → %d', (value, want) => {
    expect(parsePageNumber(value)).toBe(want);
  });
});

describe('CIDR', () => {
  it.each([
    ['10.0.0.0/8', '10.0.0.0/8'],
    ['192.0.2.7', '192.0.2.7/32'],
    ['2001:db8::/32', '2001:db8::/32'],
    ['10.0.0.1/8', undefined],
    ['1.2.3.4/99', undefined],
    ['1.2.3.4/', undefined],
    ['2001:db8::1/32', undefined],
    ['nonsense/8', undefined],
  ])('%s → %s', (text, want) => {
    expect(parseCidr(text)).toBe(want);
  });

  it('settings refuse a prefix past the address size', () => {
    expect(() => validateSettings({ internalRanges: ['1.2.3.4/99'] })).toThrow('1.2.3.4/99 is not a CIDR range');
  });
});
