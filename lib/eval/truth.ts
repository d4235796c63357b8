// Ground truth of a generated scenario (`truth.json`): what the attacker did, when, on which
// host, and which source can see it. `visibleTo` is computed from what was actually written
// (after sampling, missing auditd and log gaps), not asserted by hand, and `evidence` counts
// the records — the "cost of seeing it" in the product's own terms.

import { z } from 'zod';
import { STAGES } from '../stages';

/** The product's stages (lib/stages.ts), under the name the generator and evaluation use. */
export const KILL_CHAIN_STAGES = STAGES;
export const ZStage = z.enum(KILL_CHAIN_STAGES);
export type Stage = z.infer<typeof ZStage>;

export const ZScenarioName = z.enum(['ssh-intrusion', 'web-exploit', 'identity', 'post-exploit', 'network-exfil', 'webshell']);
export type ScenarioName = z.infer<typeof ZScenarioName>;

const ZIso = z.iso.datetime();
const ZIpv4 = z.ipv4();

export const ZTruthStep = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  scenario: ZScenarioName,
  stage: ZStage,
  /** ATT&CK technique or sub-technique id (v18). */
  technique: z.string().regex(/^T\d{4}(\.\d{3})?$/),
  host: z.string().min(1),
  hostIp: ZIpv4,
  /** The other end: attacker, C2, drop server or internal host; null when there is none. */
  peer: ZIpv4.nullable(),
  start: ZIso,
  end: ZIso,
  visibleTo: z.object({ network: z.boolean(), logs: z.boolean() }),
  evidence: z.object({
    collectorFlows: z.number().int().nonnegative(),
    edgeFlows: z.number().int().nonnegative(),
    logRecords: z.number().int().nonnegative(),
    /** Records per flow export by exporter name, when the scenario has more than the two classic ones. */
    flows: z.record(z.string(), z.number().int().nonnegative()).optional(),
  }),
  note: z.string(),
});
export type TruthStep = z.infer<typeof ZTruthStep>;
/** A step as an attack generator plans it; visibility and evidence are filled in afterwards. */
export type TruthStepDraft = Omit<TruthStep, 'visibleTo' | 'evidence'>;

export const ZImperfection = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('no-auditd'), hosts: z.array(z.string()), note: z.string() }),
  z.object({ kind: z.literal('log-gap'), host: z.string(), start: ZIso, end: ZIso, note: z.string() }),
  z.object({ kind: z.literal('clock-skew'), host: z.string(), offsetSeconds: z.number(), note: z.string() }),
  z.object({ kind: z.literal('nat'), segment: z.string(), natIp: ZIpv4, hosts: z.array(z.string()), note: z.string() }),
  z.object({ kind: z.literal('sampling'), exporter: z.string(), exporterIp: ZIpv4, interval: z.number().int().positive(), note: z.string() }),
  z.object({ kind: z.literal('flow-coverage'), exporter: z.string(), note: z.string() }),
  z.object({ kind: z.literal('active-timeout'), exporter: z.string(), seconds: z.number().int().positive(), note: z.string() }),
]);
export type Imperfection = z.infer<typeof ZImperfection>;

export const ZTruth = z.object({
  schemaVersion: z.literal(1),
  seed: z.number().int(),
  start: ZIso,
  end: ZIso,
  timeZone: z.literal('UTC'),
  scenarios: z.array(ZScenarioName),
  hosts: z.array(z.object({ name: z.string(), ip: ZIpv4, role: z.string(), segment: z.string(), hasAuditd: z.boolean() })),
  exporters: z.array(
    z.object({
      name: z.string(),
      file: z.string(),
      format: z.enum(['nfdump-csv-1.7', 'ipfix-pcap']),
      exporterIp: ZIpv4.nullable(),
      vantage: z.string(),
      sampling: z.number().int().positive(),
      activeTimeoutSeconds: z.number().int().positive(),
    }),
  ),
  steps: z.array(ZTruthStep),
  imperfections: z.array(ZImperfection),
});
export type Truth = z.infer<typeof ZTruth>;
