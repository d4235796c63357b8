import { describe, expect, it } from 'vitest';
import { ipBytes, normalizeIp } from './address-text';
import { ipv4Text, ipv6Text } from './ip-text';

describe('address text', () => {
  it.each([
    ['10.0.0.1', '10.0.0.1'],
    [' 10.0.0.1 ', '10.0.0.1'],
    ['::138.187.58.13', '138.187.58.13'], // nfdump's IPv4-compatible print (pmacct replays)
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['::FFFF:10.1.2.3', '10.1.2.3'],
    ['::1', '::1'],
    ['::', '::'],
    ['2001:db8::1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['64:ff9b::10.0.0.1', '64:ff9b::10.0.0.1'], // NAT64 stays IPv6
  ])('normalizes %j → %j', (raw, expected) => expect(normalizeIp(raw)).toBe(expected));

  it.each(['', '10.0.0', '10.0.0.256', '1.2.3.4.5', 'host', '1::2::3', '2001:db8:::1', '12345::1', '1:2:3:4:5:6:7:8:9', '::1.2.3'])('rejects %j', (raw) =>
    expect(normalizeIp(raw)).toBeUndefined(),
  );

  it('gives network-order bytes', () => {
    expect([...(ipBytes('192.168.0.1') ?? [])]).toEqual([192, 168, 0, 1]);
    expect([...(ipBytes('2001:db8::1') ?? [])]).toEqual([0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1]);
    expect([...(ipBytes('::ffff:1.2.3.4') ?? [])].slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
  });

  it('prints binary addresses in the same normal form (ip-text.ts)', () => {
    const v6 = (hex: string) => ipv6Text(Buffer.from(hex, 'hex'), 0);
    expect(ipv4Text(Buffer.from([0, 10, 0, 0, 1]), 1)).toBe('10.0.0.1');
    expect(v6('20010db8000000000000000000000001')).toBe('2001:db8::1');
    expect(v6('00000000000000000000000000000001')).toBe('::1');
    expect(v6('00000000000000000000000000000000')).toBe('::');
    expect(v6('0000000000000000000000008abb3a0d')).toBe('138.187.58.13');
    expect(v6('00000000000000000000ffff0a000001')).toBe('10.0.0.1');
    expect(v6('20010db8000000010000000000000001')).toBe('2001:db8:0:1::1');
    expect(v6('20010db8000100000001000000000001')).toBe('2001:db8:1:0:1::1'); // single zero word kept
    expect(v6('fe800000000000000000000000000000')).toBe('fe80::');
  });
});
