// The exposure list: each exposed host+port from the exposed-service detector's detections,
// its port from the evidence flows, one row however many sessions.
import { afterAll, describe, expect, it } from 'vitest';
import { insertFlows, newAssessment, runDetectors, type TestFlow } from '../../test/kits/detect';
import { closeDb } from '../db/client';
import { exposedService } from '../detect/network/exposed-service';
import { exposureSentence, getExposures } from './get-exposures';

afterAll(closeDb);

const T0 = Date.parse('2026-12-04T20:15:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

function login(s: number, src: string, dst: string, dport: number, sport: number): TestFlow[] {
  return [
    { ts: at(s), durationS: 20, src, dst, sport, dport, packets: 14, bytes: 794, flags: 27 },
    { ts: at(s), durationS: 20, src: dst, dst: src, sport: dport, dport: sport, packets: 12, bytes: 887, flags: 27 },
  ];
}

describe('getExposures', () => {
  it('lists each exposed host and port once, the scanned one first', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    for (let h = 1; h <= 30; h++)
      for (const dport of [21, 22, 23, 80])
        flows.push({ ts: at(0), src: '192.0.2.66', dst: `10.40.0.${h}`, sport: 51562, dport, packets: 1, bytes: 44, flags: 2 });
    flows.push(...login(62, '192.0.2.66', '10.40.0.5', 23, 57052), ...login(300, '192.0.2.66', '10.40.0.5', 23, 57060));
    flows.push(...login(400, '203.0.113.9', '10.40.0.7', 6379, 40001), ...login(900, '198.51.100.4', '10.40.0.7', 6379, 40002));
    // An internal admin's telnet is not an exposure.
    flows.push(...login(500, '10.40.0.20', '10.40.0.5', 23, 40100));
    await insertFlows(a, flows);
    await runDetectors(a, [exposedService]);
    const rows = await getExposures(a);
    expect(rows.map((r) => [r.ip, r.port, r.service, r.peers, r.sessions, r.afterScan])).toEqual([
      ['10.40.0.5', 23, 'telnet', ['192.0.2.66'], 2, true],
      ['10.40.0.7', 6379, 'Redis', ['198.51.100.4', '203.0.113.9'], 2, false],
    ]);
    expect(exposureSentence(rows[0] as (typeof rows)[number])).toBe(
      '10.40.0.5:23 (telnet) answers the internet: 2 sessions from 192.0.2.66, right after a scan',
    );
    expect(exposureSentence(rows[1] as (typeof rows)[number])).toBe('10.40.0.7:6379 (Redis) answers the internet: 2 sessions from 2 outside addresses');
  });

  it('is empty without detections', async () => {
    expect(await getExposures(await newAssessment())).toEqual([]);
  });
});
