// The rules between a RITA beacon score and its severity: prevalence, expected DNS/NTP, the
// regularity gate, and the cap below critical.
import { describe, expect, it } from 'vitest';
import { type BeaconContext, modifyBeacon } from './beacon-modifiers';
import type { BeaconScore } from './beacon-score';
import { beaconing } from './beaconing';

const t: Record<string, number> = Object.fromEntries(Object.entries(beaconing.thresholds).map(([k, v]) => [k, v.default]));
const b = (score: number, timestamp = 1, datasize = 1): BeaconScore => ({ score, timestamp, datasize, duration: 1, histogram: 1 });
const ctx = (over: Partial<BeaconContext> = {}): BeaconContext => ({ port: 443, prevalence: 0.125, fromResolver: false, ...over });

describe('modifyBeacon', () => {
  it('a regular beacon to a destination few hosts use keeps its RITA band', () => {
    expect(modifyBeacon(b(0.94), ctx(), t)).toMatchObject({ score: 0.94, severity: 'high' });
    expect(modifyBeacon(b(0.75), ctx(), t)).toMatchObject({ score: 0.75, severity: 'medium' });
  });

  it('below the alert score nothing is reported', () => {
    expect(modifyBeacon(b(0.45), ctx(), t)).toBeNull();
  });

  it('RITA prevalence: −0.15 when ≥ 50 % of hosts use the destination, +0.15 when ≤ 2 %', () => {
    expect(modifyBeacon(b(0.8), ctx({ prevalence: 0.6 }), t)).toMatchObject({ score: 0.65, severity: 'low' });
    expect(modifyBeacon(b(0.8), ctx({ prevalence: 0.01 }), t)).toMatchObject({ score: 0.95, severity: 'critical' });
  });

  it('NTP and DNS to a destination most hosts use are expected services, not beacons', () => {
    expect(modifyBeacon(b(0.94), ctx({ port: 123, prevalence: 1 }), t)).toBeNull();
    expect(modifyBeacon(b(0.94), ctx({ port: 53, prevalence: 0.9 }), t)).toBeNull();
  });

  it('DNS upstream from a resolver is forwarding; from any other host it is scored', () => {
    expect(modifyBeacon(b(0.72), ctx({ port: 53, prevalence: 0.1, fromResolver: true }), t)).toBeNull();
    expect(modifyBeacon(b(0.72), ctx({ port: 53, prevalence: 0.1 }), t)).toMatchObject({ severity: 'medium' });
  });

  it('the expected-service rule can be switched off', () => {
    expect(modifyBeacon(b(0.94), ctx({ port: 123, prevalence: 1 }), { ...t, expectedServices: 0 })).toMatchObject({ score: 0.79, severity: 'medium' });
  });

  it('persistent but irregular in time and size (browsing) stays low', () => {
    expect(modifyBeacon(b(0.75, 0.83, 0.59), ctx(), t)).toMatchObject({ score: 0.69, severity: 'low' });
    expect(modifyBeacon(b(0.75, 0.6, 0.95), ctx(), t)).toMatchObject({ severity: 'medium' }); // jittered but fixed-size
  });

  it('without a positive modifier a beacon stays below critical (RITA buckets top out at high)', () => {
    expect(modifyBeacon(b(0.99), ctx(), t)).toMatchObject({ score: 0.949, severity: 'high' });
  });
});
