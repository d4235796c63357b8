// The same traffic in other flow shapes (`generate --shapes`), so every network detector can be
// scored on one set of sessions written the ways real exporters write them (issue 22 §3):
// * `collector` (always): nfpcapd on the core SPAN — one-way records, 300 s active timeout, one
//   record per ICMP packet (nfpcapd keeps no ICMP state);
// * `aggregated`: softflowd / a router's exporter seen through nfcapd → nfdump CSV — the same
//   vantage, one-way records with packet counts, a 60 s active timeout, ICMP aggregated into
//   one record per direction;
// * `sampled`: an IPFIX exporter at the same vantage with 1-in-N packet sampling (the options
//   record states the rate; the ingest must scale the counters by it, the writer does not).
// The classic `edge` export (DMZ only, sampled) stays as it is.

import path from 'node:path';
import type { Exporter } from './flow-sink';
import { IpfixPcapWriter } from './ipfix-pcap';
import { NfdumpCsvWriter } from './nfdump-csv';
import type { World } from './world';

export const SHAPE_FILES = { aggregated: 'flows/aggregated.nfdump.csv', sampled: 'flows/sampled.ipfix.pcap' } as const;

export function shapeExporters(world: World, flowsDir: string, ifIndexOf: (ip: string) => number): Exporter[] {
  const outDir = path.dirname(flowsDir);
  const activeTimeoutMs = 60_000;
  const sampled = new IpfixPcapWriter(path.join(/*turbopackIgnore: true*/ outDir, SHAPE_FILES.sampled), {
    exporterIp: '10.20.255.2',
    collectorIp: world.collectorIp,
    sampling: world.samplingInterval,
    activeTimeoutMs,
    ifIndexOf,
  });
  return [
    {
      name: 'aggregated',
      activeTimeoutMs,
      inactiveTimeoutMs: 15_000,
      sampling: 1,
      sees: (a, b) => a !== b,
      writer: new NfdumpCsvWriter(path.join(/*turbopackIgnore: true*/ outDir, SHAPE_FILES.aggregated)),
      truth: {
        file: SHAPE_FILES.aggregated,
        format: 'nfdump-csv-1.7',
        vantage: 'core SPAN as the collector, aggregated as softflowd exports it (60 s active timeout, ICMP one record per direction)',
        exporterIp: null,
      },
    },
    {
      name: 'sampled',
      activeTimeoutMs,
      inactiveTimeoutMs: 15_000,
      sampling: world.samplingInterval,
      sees: (a, b) => a !== b,
      writer: sampled,
      truth: {
        file: SHAPE_FILES.sampled,
        format: 'ipfix-pcap',
        vantage: `core SPAN as the collector, IPFIX with 1-in-${world.samplingInterval} packet sampling (counters unscaled; the options record states the rate)`,
        exporterIp: '10.20.255.2',
      },
    },
  ];
}
