// Reconnaissance seen by the network: an outside address scanning internal hosts (ATT&CK Active
// Scanning, tactic Reconnaissance): a sweep of addresses is T1595.001, a vertical scan of one
// host or the service probes that follow a scan are T1595.002. Shapes, thresholds and the split
// of a half-open sweep from later probes: scan-sql.ts.

import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { SCAN_THRESHOLDS, scanParams, scanSelect } from './scan-sql';

export const externalScan = defineDetector({
  id: 'network.external-scan',
  title: 'Scan from outside',
  source: 'network',
  // Reads only the stored records (not the shared passes): beside the others (lib/pipeline/detect-beside.ts).
  runsOn: 'beside',
  stage: stageOfTactic('reconnaissance'),
  techniques: ['T1595.001', 'T1595.002'],
  technique: 'x.technique',
  description:
    'An outside address sweeps internal hosts or ports with attempts that never complete a handshake (fast: 5 min, slow: 24 h), and the service probes with payload it sends afterwards, each shape its own detection.',
  thresholds: SCAN_THRESHOLDS,
  select: scanSelect('external'),
  params: scanParams,
});
