import { describe, expect, it } from 'vitest';
import { communityId, icmpCounterpart } from './community-id';

// corelight/community-id-spec baseline/baseline_deflt.json (seed 0) and baseline_seed1.json.
// For ICMP the baseline's sport/dport are the type and its counterpart-or-code; they are fed
// here in Sightline's flow convention (srcPort 0, dstPort = type·256 + code).
const BASELINE: [number, string, string, number | null, number | null, string, string][] = [
  [58, 'fe80::200:86ff:fe05:80da', 'fe80::260:97ff:fe07:69ea', 135, 136, '1:dGHyGvjMfljg6Bppwm3bg0LO8TY=', '1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY='],
  [58, 'fe80::260:97ff:fe07:69ea', 'fe80::200:86ff:fe05:80da', 136, 135, '1:dGHyGvjMfljg6Bppwm3bg0LO8TY=', '1:kHa1FhMYIT6Ym2Vm2AOtoOARDzY='],
  [58, 'fe80::260:97ff:fe07:69ea', 'fe80::200:86ff:fe05:80da', 135, 136, '1:zavyT/cezQr1fmImYCwYnMXbgck=', '1:2hSqmsDZ2kdcY9kbiUzOEBic0iM='],
  [58, 'fe80::200:86ff:fe05:80da', 'fe80::260:97ff:fe07:69ea', 136, 135, '1:zavyT/cezQr1fmImYCwYnMXbgck=', '1:2hSqmsDZ2kdcY9kbiUzOEBic0iM='],
  [58, '3ffe:501:1800:2345::2', '3ffe:507:0:1:200:86ff:fe05:80da', 3, 0, '1:2ObVBgIn28oZvibYZhZMBgh7WdQ=', '1:lVEtCZpYu84Xqaa++3lXFyuu2n4='],
  [58, '3ffe:501:410:0:2c0:dfff:fe47:33e', '3ffe:507:0:1:200:86ff:fe05:80da', 1, 4, '1:hLZd0XGWojozrvxqE0dWB1iM6R0=', '1:W8MHwXpWzpoSTD+cGcaJr4u0ys8='],
  [58, '3ffe:507:0:1:200:86ff:fe05:80da', '3ffe:501:0:1001::2', 128, 129, '1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=', '1:GfZxjAkDk2MkegpBYHV6tadtFXQ='],
  [58, '3ffe:501:0:1001::2', '3ffe:507:0:1:200:86ff:fe05:80da', 129, 128, '1:+TW+HtLHvV1xnGhV1lv7XoJrqQg=', '1:GfZxjAkDk2MkegpBYHV6tadtFXQ='],
  [58, 'fe80::200:86ff:fe05:80da', 'ff02::2', 133, 134, '1:hO+sN4H+MG5MY/8hIrXPqc4ZQz0=', '1:L7Ka0ZMYu+J3bL4ulW2PrqyXNo8='],
  [58, 'fe80::260:97ff:fe07:69ea', 'ff02::1', 134, 133, '1:pkvHqCL88/tg1k4cPigmZXUtL00=', '1:K/ee5UCqAMAQXDorP5nSa2CGLjc='],
  [1, '192.168.0.89', '192.168.0.1', 8, 0, '1:X0snYXpgwiv9TZtqg64sgzUn6Dk=', '1:03g6IloqVBdcZlPyX8r0hgoE7kA='],
  [1, '192.168.0.1', '192.168.0.89', 0, 8, '1:X0snYXpgwiv9TZtqg64sgzUn6Dk=', '1:03g6IloqVBdcZlPyX8r0hgoE7kA='],
  [1, '10.0.0.1', '10.0.0.2', 11, 0, '1:YHxtAirCG//0OzkcVAukqKQN9xM=', '1:XjUibYHaafLQ3pxQeiMI8g25q20='],
  [6, '2001:470:e5bf:dead:4957:2174:e82c:4887', '2607:f8b0:400c:c03::1a', 63943, 25, '1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=', '1:eJYTW6AOzFLlSUoESovMjnu7rMw='],
  [6, '2607:f8b0:400c:c03::1a', '2001:470:e5bf:dead:4957:2174:e82c:4887', 25, 63943, '1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=', '1:eJYTW6AOzFLlSUoESovMjnu7rMw='],
  [132, '192.168.170.8', '192.168.170.56', 7, 7, '1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=', '1:5w3ZRjeKBzqT3zsaEECDGjUbYeg='],
  [132, '192.168.170.56', '192.168.170.8', 7, 7, '1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=', '1:5w3ZRjeKBzqT3zsaEECDGjUbYeg='],
  [6, '128.232.110.120', '66.35.250.204', 34855, 80, '1:LQU9qZlK+B5F3KDmev6m5PMibrg=', '1:3V71V58M3Ksw/yuFALMcW0LAHvc='],
  [6, '66.35.250.204', '128.232.110.120', 80, 34855, '1:LQU9qZlK+B5F3KDmev6m5PMibrg=', '1:3V71V58M3Ksw/yuFALMcW0LAHvc='],
  [17, '192.168.1.52', '8.8.8.8', 54585, 53, '1:d/FP5EW3wiY1vCndhwleRRKHowQ=', '1:Q9We8WO3piVF8yEQBNJF4uiSVrI='],
  [17, '8.8.8.8', '192.168.1.52', 53, 54585, '1:d/FP5EW3wiY1vCndhwleRRKHowQ=', '1:Q9We8WO3piVF8yEQBNJF4uiSVrI='],
  [46, '10.1.12.1', '10.1.12.2', null, null, '1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=', '1:rYir8gphR31noO9iDRQmF/BteEI='],
  [46, '10.1.12.2', '10.1.12.1', null, null, '1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=', '1:rYir8gphR31noO9iDRQmF/BteEI='],
];

const asFlow = ([proto, srcIp, dstIp, sport, dport]: (typeof BASELINE)[number]) =>
  proto === 1 || proto === 58
    ? { proto, srcIp, dstIp, srcPort: 0, dstPort: (sport ?? 0) * 256 + (dport ?? 0) }
    : { proto, srcIp, dstIp, srcPort: sport ?? 0, dstPort: dport ?? 0 };

describe('Community ID v1', () => {
  it.each(BASELINE)('proto %i %s → %s (%s/%s)', (...row) => {
    expect(communityId(asFlow(row))).toBe(row[5]);
    expect(communityId(asFlow(row), 1)).toBe(row[6]);
  });

  it('orders TCP endpoints as in the spec example (10.0.0.1:1234 ↔ 127.0.0.1:80)', () => {
    const a = communityId({ proto: 6, srcIp: '10.0.0.1', dstIp: '127.0.0.1', srcPort: 1234, dstPort: 80 });
    const b = communityId({ proto: 6, srcIp: '127.0.0.1', dstIp: '10.0.0.1', srcPort: 80, dstPort: 1234 });
    expect(a).toBe(b);
    expect(a).toMatch(/^1:[A-Za-z0-9+/]{27}=$/);
  });

  it('uses ports to order equal addresses', () => {
    const a = communityId({ proto: 17, srcIp: '10.0.0.1', dstIp: '10.0.0.1', srcPort: 5353, dstPort: 53 });
    expect(a).toBe(communityId({ proto: 17, srcIp: '10.0.0.1', dstIp: '10.0.0.1', srcPort: 53, dstPort: 5353 }));
  });

  it('answers undefined for unreadable or mixed-family addresses', () => {
    expect(communityId({ proto: 6, srcIp: 'host', dstIp: '10.0.0.1', srcPort: 1, dstPort: 2 })).toBeUndefined();
    expect(communityId({ proto: 6, srcIp: '::1', dstIp: '10.0.0.1', srcPort: 1, dstPort: 2 })).toBeUndefined();
  });

  it('maps ICMP request and reply types to each other, and one-way types to none', () => {
    expect(icmpCounterpart(1, 8)).toBe(0);
    expect(icmpCounterpart(1, 9)).toBe(10);
    expect(icmpCounterpart(58, 135)).toBe(136);
    expect(icmpCounterpart(1, 3)).toBeUndefined();
  });
});
