import { describe, expect, it } from 'vitest';
import type { StageCost } from '../queries/get-cost-of-seeing';
import { stageVerdicts } from './stage-verdicts';

const cost = (stage: StageCost['stage'], p: Partial<StageCost>): StageCost => ({
  stage,
  networkSaw: 0,
  logsSaw: 0,
  networkRecords: 0,
  logRecords: 0,
  networkSensors: 0,
  logHosts: 0,
  ...p,
});

describe('stageVerdicts', () => {
  const v = stageVerdicts(
    [
      cost('actions', { networkSaw: 2, logsSaw: 6, networkRecords: 4, logRecords: 31, networkSensors: 1, logHosts: 2 }),
      cost('recon', { networkSaw: 3, networkRecords: 900, networkSensors: 2 }),
      cost('exploitation', { networkSaw: 1, logsSaw: 1, networkRecords: 12, logRecords: 40, networkSensors: 1, logHosts: 1 }),
    ],
    {
      actions: { total: 7, logsOnly: 5, logsOnlyWithoutPeer: 5, networkOnly: 1, networkOnlyHosts: 1, blind: 0 },
      recon: { total: 3, logsOnly: 0, logsOnlyWithoutPeer: 0, networkOnly: 3, networkOnlyHosts: 2, blind: 0 },
      exploitation: { total: 2, logsOnly: 0, logsOnlyWithoutPeer: 0, networkOnly: 0, networkOnlyHosts: 0, blind: 1 },
    },
  );
  const of = (s: string) => v.find((x) => x.stage === s);

  it('lists the seven stages in order, each with the field’s claim', () => {
    expect(v.map((x) => [x.stage, x.claimedSource])).toEqual([
      ['recon', 'network'],
      ['weaponization', 'neither'],
      ['delivery', 'network'],
      ['exploitation', 'logs'],
      ['installation', 'logs'],
      ['c2', 'network'],
      ['actions', 'network'],
    ]);
  });

  it('contradicts the claim where the other source saw more, with the reason from the counts', () => {
    expect(of('actions')).toMatchObject({ outcome: 'contradicted', better: 'logs', networkSeen: 2, logsSeen: 6, total: 7 });
    expect(of('actions')?.verdict).toBe(
      'Actions on Objectives: logs 6 of 7, network 2 of 7 — the logs saw more, not the network as claimed: the 5 activities the network missed involve no remote address (done on the host), so no flow carries them; 1 seen only on the wire, on 1 host whose logs hold no record of them. Cost of seeing — network: 4 records from 1 sensor; logs: 31 records from 2 hosts.',
    );
  });

  it('confirms where the claimed source saw more or as much', () => {
    expect(of('recon')).toMatchObject({ outcome: 'confirmed', better: 'network' });
    expect(of('exploitation')).toMatchObject({ outcome: 'confirmed', better: 'equal' });
    expect(of('exploitation')?.verdict).toBe(
      'Exploitation: logs 1 of 2, network 1 of 2 — both sources saw as many (the claim holds): 1 seen by neither. Cost of seeing — network: 12 records from 1 sensor; logs: 40 records from 1 host.',
    );
  });

  it('speaks of one activity in the singular', () => {
    const [, , , , installation] = stageVerdicts([cost('installation', { logsSaw: 1, logRecords: 8, logHosts: 1 })], {
      installation: { total: 1, logsOnly: 1, logsOnlyWithoutPeer: 1, networkOnly: 0, networkOnlyHosts: 0, blind: 0 },
    });
    expect(installation?.verdict).toBe(
      'Installation: logs 1 of 1, network 0 of 1 — the logs saw more, as claimed: the one activity the network missed involves no remote address (done on the host), so no flow carries it. Cost of seeing — logs: 8 records from 1 host.',
    );
  });

  it('says a stage without activities is untested, and weaponization seen by nothing is as claimed', () => {
    expect(of('c2')).toMatchObject({ outcome: 'untested', total: 0 });
    expect(of('weaponization')?.verdict).toBe('Weaponization: nothing in either source, as claimed.');
  });
});
