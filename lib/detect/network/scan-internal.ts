// Discovery seen by the network: an internal host scanning its neighbours. ATT&CK files this
// under Discovery (T1046 Network Service Discovery; T1018 Remote System Discovery for a sweep
// of hosts on one port), whose kill-chain stage comes from the configured tactic → stage
// mapping (lib/stages.ts). Shapes and thresholds: scan-sql.ts.

import { stageOfTactic } from '../../stages';
import { defineDetector } from '../insert-detections';
import { SCAN_THRESHOLDS, scanParams, scanSelect } from './scan-sql';

export const internalScan = defineDetector({
  id: 'network.internal-scan',
  title: 'Scan from inside',
  source: 'network',
  // Reads only the stored records (not the shared passes): beside the others (lib/pipeline/detect-beside.ts).
  runsOn: 'beside',
  stage: stageOfTactic('discovery'),
  techniques: ['T1046', 'T1018'],
  technique: 'x.technique',
  description:
    'An internal host sweeps its neighbours or the ports of one of them with attempts that never complete a handshake (fast: 5 min, slow: 24 h), and the service probes it sends afterwards.',
  thresholds: SCAN_THRESHOLDS,
  select: scanSelect('internal'),
  params: scanParams,
});
