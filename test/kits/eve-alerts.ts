// Generated Suricata EVE alert events shared by the parser and detector tests: an exploit with ET's
// ATT&CK metadata, a C2 beacon, a scan known by classtype only, and two alerts with no stage.
const alertEvent = (o: {
  ts: string;
  src: string;
  dst: string;
  dport: number;
  sig: string;
  category: string;
  severity?: number;
  metadata?: object;
  flowId?: number;
}) =>
  JSON.stringify({
    timestamp: o.ts,
    flow_id: o.flowId ?? 1,
    event_type: 'alert',
    src_ip: o.src,
    src_port: 40000,
    dest_ip: o.dst,
    dest_port: o.dport,
    proto: 'TCP',
    alert: {
      action: 'allowed',
      gid: 1,
      signature_id: 2000001,
      rev: 1,
      signature: o.sig,
      category: o.category,
      severity: o.severity ?? 1,
      metadata: o.metadata,
    },
  });

export const GENERATED_ALERTS = [
  alertEvent({
    ts: '2026-12-04T20:16:20.100000+0000',
    src: '203.0.113.66',
    dst: '10.40.0.5',
    dport: 80,
    sig: 'ET EXPLOIT Apache Struts RCE',
    category: 'Attempted Administrator Privilege Gain',
    metadata: { mitre_tactic_id: ['TA0001'], mitre_tactic_name: ['Initial_Access'], mitre_technique_id: ['T1190'], signature_severity: ['Major'] },
  }),
  alertEvent({
    ts: '2026-12-04T20:16:21.000000+0000',
    src: '10.40.0.5',
    dst: '198.51.100.9',
    dport: 443,
    sig: 'ET MALWARE Cobalt Strike Beacon',
    category: 'A Network Trojan was detected',
    metadata: { mitre_tactic_id: ['TA0011'], mitre_technique_id: ['T1071.001'] },
  }),
  alertEvent({
    ts: '2026-12-04T20:16:22.000000+0000',
    src: '203.0.113.66',
    dst: '10.40.0.5',
    dport: 22,
    sig: 'ET SCAN Potential SSH Scan',
    category: 'Attempted Information Leak',
    severity: 2,
  }),
  alertEvent({
    ts: '2026-12-04T20:16:23.000000+0000',
    src: '10.40.0.5',
    dst: '203.0.113.1',
    dport: 80,
    sig: 'ET POLICY curl User-Agent Outbound',
    category: 'Potential Corporate Privacy Violation',
  }),
  alertEvent({
    ts: '2026-12-04T20:16:24.000000+0000',
    src: '10.40.0.5',
    dst: '203.0.113.1',
    dport: 80,
    sig: 'custom',
    category: 'Misc Attack',
    metadata: { mitre_attack: ['t1041'] },
  }),
].join('\n');
