// The line `sightline analyze` prints after an analysis: its stages in order, the slowest detectors
// inside "detect", shared passes and the other detectors left out.
import { describe, expect, it } from 'vitest';
import { describeTimings } from './analyze';

describe('describeTimings', () => {
  it('names each stage in order and the three slowest detectors', () => {
    const line = describeTimings({
      statistics: 2838,
      'address-peers': 1548,
      hosts: 67,
      'detect:shared-passes': 6294,
      'detect:shared:detect_session': 1966,
      'detect:network.beaconing': 8783,
      'detect:network.web-probe': 418,
      'detect:logs.web-server-exec': 3320,
      'detect:network.ingress-transfer': 4570,
      detect: 36_400,
      correlate: 4585,
    });
    expect(line).toBe(
      'statistics 2.8 s, address-peers 1.5 s, hosts 0.1 s, detect 36 s (network.beaconing 8.8 s, network.ingress-transfer 4.6 s, logs.web-server-exec 3.3 s), correlate 4.6 s',
    );
  });

  it("names the time of the detectors beside the analysis's own", () => {
    const line = describeTimings({
      hosts: 110,
      'detect:shared-passes': 2931,
      'detect:network.beaconing': 7429,
      'detect:logs.command-beacon': 2383,
      'detect:beside-wait': 0,
      'detect:beside': 19_653,
      detect: 21_222,
      correlate: 3988,
    });
    expect(line).toBe('hosts 0.1 s, detect 21 s (network.beaconing 7.4 s, logs.command-beacon 2.4 s; beside 20 s), correlate 4.0 s');
  });

  it('says nothing of detectors when none ran', () => {
    expect(describeTimings({ hosts: 12, detect: 40 })).toBe('hosts 0.0 s, detect 0.0 s');
  });
});
