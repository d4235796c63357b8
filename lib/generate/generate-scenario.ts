// Entry point: a deterministic, realistic scenario (logs bundle, two flow exports, inventory,
// ground truth) written to `outDir`. Generation runs hour by hour — every host's routine, the
// cross-host activity, then the hour is sorted and written — so memory stays bounded by one
// hour of output however many hosts and days are asked for.

import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ZScenarioName } from '../eval/truth';
import { identityCases } from './attack-identity';
import { networkExfil } from './attack-network';
import { postExploit } from './attack-post-exploit';
import { sshIntrusion } from './attack-ssh';
import { webExploit } from './attack-web';
import { webshell } from './attack-webshell';
import { benignGlobalHour } from './benign-global';
import { benignHostHour } from './benign-host';
import { buildTruth } from './build-truth';
import { Ctx } from './ctx';
import { shapeExporters } from './flow-shapes';
import { type Exporter, FlowSink } from './flow-sink';
import { IpfixPcapWriter } from './ipfix-pcap';
import { HOUR_MS, LogSink } from './log-sink';
import { NfdumpCsvWriter } from './nfdump-csv';
import { closePgLogs } from './pg-log';
import { Rng } from './prng';
import { closeShellHistories, enableShellHistory } from './shell-history';
import { auditKept, edgeSampling, journalOnlyHosts, logsKeptFrom, syslogJsonHosts, tapWebAccessLogs, ZSources } from './sources';
import { writeTarGz } from './tarball';
import { buildWorld, inventoryCsv, segmentOfIp } from './world';

export const ZGenerateOptions = z.object({
  outDir: z.string().min(1),
  hosts: z.number().int().min(8).max(2_000).default(12),
  /** Length of the period; fractions allowed (0.25 = 6 hours). */
  days: z.number().positive().max(31).default(1),
  seed: z.number().int().default(1),
  attacks: z.array(ZScenarioName).default(['ssh-intrusion', 'web-exploit']),
  start: z.iso.datetime({ offset: true }).default('2026-03-02T00:00:00Z'),
  /** Write inventory.csv; without it host identity must come from the logs and flows (issue 14). */
  inventory: z.boolean().default(true),
  /** Also write the same traffic in other flow shapes (flow-shapes.ts); off keeps the two classic exports. */
  shapes: z.boolean().default(false),
  /**
   * Source switches (lib/generate/sources.ts); left out, today's output byte for byte. Each
   * turns on the change an advice kind recommends, so a test can apply the advice.
   */
  sources: ZSources.optional(),
  /** Also write the shell histories a scenario leaves (lib/generate/shell-history.ts); off keeps today's bundle. */
  shellHistory: z.boolean().default(false),
});
export type GenerateOptions = z.input<typeof ZGenerateOptions>;

export interface GenerateStats {
  hosts: number;
  hours: number;
  logLines: number;
  auditEvents: number;
  collectorFlows: number;
  edgeFlows: number;
  ipfixMessages: number;
  truthSteps: number;
  bytes: { logs: number; logsTarGz: number; collectorCsv: number; edgePcap: number };
  durationMs: number;
  /** Records per extra flow shape (only with `shapes`). */
  shapes?: Record<string, number>;
}

export interface GenerateResult {
  files: { logs: string; logsDir: string; flows: string[]; inventory: string; truth: string };
  stats: GenerateStats;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function generateScenario(input: GenerateOptions): Promise<GenerateResult> {
  const began = performance.now();
  const opts = ZGenerateOptions.parse(input);
  const startMs = Date.parse(opts.start);
  const hours = Math.max(1, Math.round(opts.days * 24));
  const endMs = startMs + hours * HOUR_MS;
  const world = buildWorld({ seed: opts.seed, hosts: opts.hosts, startMs, endMs });

  const logsDir = path.join(opts.outDir, 'logs');
  const flowsDir = path.join(opts.outDir, 'flows');
  mkdirSync(logsDir, { recursive: true });
  mkdirSync(flowsDir, { recursive: true });
  const csvPath = path.join(flowsDir, 'collector.nfdump.csv');
  const pcapPath = path.join(flowsDir, 'edge.ipfix.pcap');
  const csv = new NfdumpCsvWriter(csvPath);
  const edgeActiveMs = 60_000;
  // Firewall interfaces: 1 outside, 2 DMZ, 3 inside.
  const ifIndexOf = (ip: string) => {
    const seg = segmentOfIp(world, ip);
    return seg === 'dmz' ? 2 : seg === 'internet' ? 1 : 3;
  };
  const ipfix = new IpfixPcapWriter(pcapPath, {
    exporterIp: world.edgeExporterIp,
    collectorIp: world.collectorIp,
    sampling: edgeSampling(world, opts.sources),
    activeTimeoutMs: edgeActiveMs,
    ifIndexOf,
  });
  const exporters: Exporter[] = [
    // nfpcapd on the core switch's SPAN port: everything routed between segments or to the internet.
    {
      name: 'collector',
      activeTimeoutMs: 300_000,
      inactiveTimeoutMs: 15_000,
      sampling: 1,
      sees: (a, b) => a !== b,
      writer: csv,
      icmpPerPacket: true,
    },
    // The DMZ firewall's IPFIX exporter: only traffic entering or leaving the DMZ, 1-in-N sampled.
    {
      name: 'edge',
      activeTimeoutMs: edgeActiveMs,
      inactiveTimeoutMs: 15_000,
      sampling: edgeSampling(world, opts.sources),
      sees: (a, b) => (a === 'dmz') !== (b === 'dmz'),
      writer: ipfix,
    },
  ];
  if (opts.shapes) exporters.push(...shapeExporters(world, flowsDir, ifIndexOf));
  const logs = new LogSink(
    world,
    logsDir,
    logsKeptFrom(world, opts.sources),
    journalOnlyHosts(opts.sources),
    syslogJsonHosts(world, opts.sources),
    auditKept(opts.sources),
  );
  const flows = new FlowSink(world, exporters);
  const ctx = new Ctx(world, logs, flows);
  tapWebAccessLogs(ctx, opts.sources);
  if (opts.shellHistory) enableShellHistory(ctx);

  // Attacks are planned up front; their lines and flows wait in the sinks' hourly buckets.
  const drafts = opts.attacks.flatMap((a) =>
    a === 'ssh-intrusion'
      ? sshIntrusion(ctx, new Rng(opts.seed, 'attack:ssh'))
      : a === 'identity'
        ? identityCases(ctx, new Rng(opts.seed, 'attack:identity'))
        : a === 'post-exploit'
          ? postExploit(ctx, new Rng(opts.seed, 'attack:post-exploit'))
          : a === 'network-exfil'
            ? networkExfil(ctx, new Rng(opts.seed, 'attack:network'))
            : a === 'webshell'
              ? webshell(ctx, new Rng(opts.seed, 'attack:webshell'))
              : webExploit(ctx, new Rng(opts.seed, 'attack:web')),
  );

  const hostRngs = world.hosts.map((h) => new Rng(opts.seed, `host:${h.name}`));
  const globalRngs = { internet: new Rng(opts.seed, 'internet'), admins: new Rng(opts.seed, 'admins'), backup: new Rng(opts.seed, 'backup') };
  const reserved = new Set<string>([...Object.values(world.attackers), ...world.peers.map((p) => p.ip), '203.0.113.60']);
  for (let hour = 0; hour < hours; hour++) {
    const hourStart = startMs + hour * HOUR_MS;
    // Cross-host activity first: after its own routine, each host's hour is complete and written.
    benignGlobalHour(ctx, globalRngs, hourStart, reserved);
    ctx.runHourHooks(hourStart, hourStart + HOUR_MS);
    world.hosts.forEach((host, i) => {
      benignHostHour(ctx, hostRngs[i] as Rng, host, hourStart);
      logs.flushHost(hour, host);
    });
    logs.flushHour(hour);
    flows.flushHour(hour);
    await yieldToEventLoop(); // keep a server responsive when the demo button runs this
  }
  const logFiles = [...logs.close(), ...closePgLogs(ctx, logsDir), ...closeShellHistories(ctx, logsDir)];
  flows.close();

  // The bundle parser infers the RFC 3164 year from file times: they must be the period's end.
  const end = new Date(endMs);
  for (const f of logFiles) utimesSync(f, end, end);
  const tarPath = path.join(opts.outDir, 'logs.tar.gz');
  const entries = logFiles.map((file) => ({
    file,
    name: path.relative(logsDir, file).split(path.sep).join('/'),
    owner: file.endsWith('audit.log') ? ('root' as const) : ('syslog' as const),
  }));
  await writeTarGz(tarPath, entries, end);

  const inventoryPath = path.join(opts.outDir, 'inventory.csv');
  if (opts.inventory) writeFileSync(inventoryPath, inventoryCsv(world));
  const truth = buildTruth({
    world,
    scenarios: opts.attacks,
    drafts,
    logs,
    flows,
    csvPath: 'flows/collector.nfdump.csv',
    pcapPath: 'flows/edge.ipfix.pcap',
    exporters,
  });
  const truthPath = path.join(opts.outDir, 'truth.json');
  writeFileSync(truthPath, `${JSON.stringify(truth, null, 2)}\n`);

  return {
    files: {
      logs: tarPath,
      logsDir,
      flows: [csvPath, pcapPath, ...exporters.flatMap((e) => (e.truth ? [path.join(opts.outDir, e.truth.file)] : []))],
      inventory: inventoryPath,
      truth: truthPath,
    },
    stats: {
      hosts: world.hosts.length,
      hours,
      logLines: logs.lines,
      auditEvents: logs.auditEvents,
      collectorFlows: flows.counts.collector ?? 0,
      edgeFlows: flows.counts.edge ?? 0,
      ipfixMessages: ipfix.messages,
      truthSteps: truth.steps.length,
      bytes: { logs: logs.bytes, logsTarGz: statSync(tarPath).size, collectorCsv: csv.written, edgePcap: ipfix.written },
      durationMs: Math.round(performance.now() - began),
      ...(opts.shapes ? { shapes: Object.fromEntries(exporters.slice(2).map((e) => [e.name, flows.counts[e.name] ?? 0])) } : {}),
    },
  };
}
