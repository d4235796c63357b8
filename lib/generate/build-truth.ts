// Assemble truth.json once everything is written: step visibility comes from the evidence
// the sinks actually emitted, and the imperfections are read back from the world so the file
// always describes the data next to it.

import { type Imperfection, type ScenarioName, type Truth, type TruthStepDraft, ZTruth } from '../eval/truth';
import type { Exporter, FlowSink } from './flow-sink';
import type { LogSink } from './log-sink';
import { iso } from './time-format';
import type { World } from './world';

export interface BuildTruthInput {
  world: World;
  scenarios: ScenarioName[];
  drafts: TruthStepDraft[];
  logs: LogSink;
  flows: FlowSink;
  exporters: Exporter[];
  csvPath: string;
  pcapPath: string;
}

function imperfections(world: World, exporters: Exporter[]): Imperfection[] {
  const out: Imperfection[] = [];
  const noAuditd = world.hosts.filter((h) => !h.hasAuditd).map((h) => h.name);
  out.push({
    kind: 'no-auditd',
    hosts: noAuditd,
    note: 'no audit.log in the bundle for these hosts: execve/connect/watch evidence is absent, syslog and auth.log remain',
  });
  for (const h of world.hosts) {
    if (h.gap)
      out.push({
        kind: 'log-gap',
        host: h.name,
        start: iso(h.gap.startMs),
        end: iso(h.gap.endMs),
        note: 'rsyslog and auditd both down: no lines at all; audit serials jump across the gap',
      });
    if (h.skewMs)
      out.push({
        kind: 'clock-skew',
        host: h.name,
        offsetSeconds: h.skewMs / 1000,
        note: "this host's clock (syslog and audit timestamps) runs off by this many seconds; flows use the collector's clock",
      });
  }
  const natted = world.hosts.filter((h) => h.segment === 'nat-workstations').map((h) => h.name);
  out.push({
    kind: 'nat',
    segment: world.natCidr,
    natIp: world.natIp,
    hosts: natted,
    note: 'both flow exporters sit outside the branch NAT: these workstations appear only as the NAT address with translated ports',
  });
  out.push({
    kind: 'sampling',
    exporter: 'edge',
    exporterIp: world.edgeExporterIp,
    interval: world.samplingInterval,
    note: '1-in-N packet sampling (options record IEs 304/305/306); counters are not scaled, short flows often vanish',
  });
  out.push({
    kind: 'flow-coverage',
    exporter: 'collector',
    note: 'core SPAN only: traffic inside one segment (e.g. server to server in 10.20.2.0/24) is never seen',
  });
  out.push({
    kind: 'flow-coverage',
    exporter: 'edge',
    note: 'DMZ firewall only: flows with one end in 10.20.1.0/24; the DMZ is addressed as if publicly routed (1:1 NAT upstream)',
  });
  for (const e of exporters)
    out.push({
      kind: 'active-timeout',
      exporter: e.name,
      seconds: e.activeTimeoutMs / 1000,
      note: 'long connections are cut into several records of at most this length',
    });
  return out;
}

export function buildTruth(input: BuildTruthInput): Truth {
  const { world, drafts, logs, flows } = input;
  const steps = drafts.map((d) => {
    const ev = flows.evidence.get(d.id) ?? {};
    const collectorFlows = ev.collector ?? 0;
    const edgeFlows = ev.edge ?? 0;
    const logRecords = logs.evidence.get(d.id) ?? 0;
    const extra = input.exporters.length > 2;
    const allFlows = Object.values(ev).reduce((n, x) => n + x, 0);
    return {
      ...d,
      visibleTo: { network: allFlows > 0, logs: logRecords > 0 },
      evidence: {
        collectorFlows,
        edgeFlows,
        logRecords,
        ...(extra ? { flows: Object.fromEntries(input.exporters.map((e) => [e.name, ev[e.name] ?? 0])) } : {}),
      },
    };
  });
  steps.sort((a, b) => a.start.localeCompare(b.start) || a.id.localeCompare(b.id));
  const truth: Truth = {
    schemaVersion: 1,
    seed: world.seed,
    start: iso(world.startMs),
    end: iso(world.endMs),
    timeZone: 'UTC',
    scenarios: input.scenarios,
    hosts: world.hosts.map((h) => ({ name: h.name, ip: h.ip, role: h.role, segment: h.segment, hasAuditd: h.hasAuditd })),
    exporters: [
      {
        name: 'collector',
        file: input.csvPath,
        format: 'nfdump-csv-1.7',
        exporterIp: null,
        vantage: 'nfpcapd on the core switch SPAN: all traffic between segments and to the internet',
        sampling: 1,
        activeTimeoutSeconds: 300,
      },
      {
        name: 'edge',
        file: input.pcapPath,
        format: 'ipfix-pcap',
        exporterIp: world.edgeExporterIp,
        vantage: 'DMZ firewall IPFIX exporter (observation domain 1): flows entering or leaving 10.20.1.0/24',
        sampling: world.samplingInterval,
        activeTimeoutSeconds: 60,
      },
      ...input.exporters.flatMap((e) => (e.truth ? [{ name: e.name, ...e.truth, sampling: e.sampling, activeTimeoutSeconds: e.activeTimeoutMs / 1000 }] : [])),
    ],
    steps,
    imperfections: imperfections(world, input.exporters),
  };
  return ZTruth.parse(truth); // fail loudly here rather than hand the app an invalid truth file
}
