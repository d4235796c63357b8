// A small hand-made snapshot for the report tests (no pipeline run needed).
import type { ActivityRow } from '../../lib/queries/get-activities';
import type { ReportSnapshot } from '../../lib/report/snapshot';
import { readSettings } from '../../lib/settings';
import { STAGES } from '../../lib/stages';

function activity(id: string, technique: string, network: ActivityRow['network'], logs: ActivityRow['logs']): ActivityRow {
  return {
    id,
    stage: 'recon',
    technique,
    host: 'web01',
    hostIps: ['10.0.0.5'],
    peer: '198.51.100.7',
    start: '2026-03-07T14:01:00.000Z',
    end: '2026-03-07T14:02:00.000Z',
    network,
    logs,
    severity: 'medium',
    score: 0.7,
    summary: `activity ${id}`,
    networkRecords: 1,
    logRecords: 1,
  };
}

export function sampleSnapshot(): ReportSnapshot {
  return {
    version: 1,
    assessmentName: 'Sample',
    frozenAt: '2026-03-08T00:00:00.000Z',
    analyzedAt: '2026-03-07T23:00:00.000Z',
    timeZone: 'UTC',
    attackVersion: '18.1',
    settings: readSettings({}),
    coverage: STAGES.map((stage) => ({
      stage,
      networkOnly: 0,
      logsOnly: 0,
      both: 0,
      unknown: 0,
      networkOnlyDetected: 0,
      logsOnlyDetected: 0,
      bothDetected: 0,
      total: 0,
    })),
    activities: [
      activity('1', 'T1046', 'detected', 'blind'),
      activity('2', 'T1110.001', 'blind', 'detected'),
      activity('3', 'T1071', 'detected', 'evidence'),
      activity('4', 'T1046', 'evidence', 'blind'),
      activity('5', 'T1105', 'detected', 'blind'),
      activity('6', 'T1105', 'blind', 'detected'),
      activity('7', 'not-a-technique', 'detected', 'blind'),
    ],
    evidence: { '2': ['Mar  7 14:01:02 web01 sshd[1]: Failed password for root from 198.51.100.7'] },
    blindSpots: [],
    hosts: [{ name: 'web01', ips: ['10.0.0.5'], role: null, source: 'inventory', hasLogs: true, sharedIps: [] }],
    files: [],
    errorsTotal: 0,
  };
}
