// What turns a RITA beacon score into a severity. RITA itself adds modifiers to the bucketed
// score (prevalence ±15 %: docs/ANCHORS.md#rita-modifiers); Sightline adds two rules for what the score alone
// cannot tell apart, both editable and both documented on the detectors page:
// * expected infrastructure: DNS (53) and NTP (123) to a destination most hosts use, or DNS
//   sent upstream by a host that answers DNS for others (a resolver forwards cache misses), is
//   how networks work, not command and control — such pairs are not beacon-scored. DNS
//   tunnelling through a resolver is not visible as a beacon anyway (it needs DNS logs: RITA
//   scores it from subdomain counts, docs/ANCHORS.md#rita-dns).
// * regularity: RITA's duration and histogram sub-scores measure persistence, which any
//   habitual destination has (a site someone opens every working hour scores 1.0 on both). A
//   machine beacon is also regular in timing or in size; a pair whose timestamp and data-size
//   sub-scores average below the gate stays low however persistent it is.
import { type Severity, severityOf } from '../../severity';
import type { ThresholdSpec } from '../types';
import type { BeaconScore } from './beacon-score';
import { prevalenceModifier } from './prevalence';

/** Infrastructure protocols every host uses on a timer or on demand: DNS and NTP. */
export const INFRA_PORTS: readonly number[] = [53, 123];

export const BEACON_MODIFIER_THRESHOLDS: Record<string, ThresholdSpec> = {
  expectedServices: {
    label: 'Skip expected DNS/NTP (1/0)',
    default: 1,
    min: 0,
    max: 1,
    anchor:
      'Sightline: DNS/NTP to a destination ≥ "common" share of hosts, or upstream from a resolver, is not a beacon (RITA filters such pairs by never-include lists)',
  },
  resolverClients: {
    label: 'Resolver: internal DNS clients',
    default: 2,
    min: 1,
    anchor: 'Sightline default: a host answering port 53 for at least this many internal hosts is a resolver',
  },
  regularity: {
    label: 'Regularity for medium (mean of timestamp and size sub-scores)',
    default: 0.75,
    min: 0,
    max: 1,
    anchor: 'Sightline default: RITA low band 70 of a beacon regular in time or size; persistence alone (duration, histogram) stays low',
  },
};

export interface BeaconContext {
  port: number;
  /** Share of internal hosts that talked to the destination (RITA prevalence). */
  prevalence: number | null;
  /** The source answers DNS for other internal hosts. */
  fromResolver: boolean;
}

export interface ModifiedBeacon {
  score: number;
  severity: Severity;
  notes: string[];
}

/** Highest score that still reads "low" (the medium band starts at 0.7, as RITA's low threshold 70). */
const LOW_CAP = 0.69;
/** Highest score that still reads "high" (critical starts at 0.95). */
const HIGH_CAP = 0.949;

/** null: not reported (below the alert score, or an expected infrastructure service). */
export function modifyBeacon(b: BeaconScore, ctx: BeaconContext, t: Record<string, number>): ModifiedBeacon | null {
  if (b.score < (t.alert ?? 0.5)) return null;
  if ((t.expectedServices ?? 1) === 1 && INFRA_PORTS.includes(ctx.port)) {
    const common = ctx.prevalence !== null && ctx.prevalence >= (t.prevalenceCommon ?? 0.5);
    if (common || (ctx.port === 53 && ctx.fromResolver)) return null;
  }
  const notes: string[] = [];
  const mod = prevalenceModifier(ctx.prevalence, t);
  if (mod !== 0) notes.push(`prevalence ${Math.round((ctx.prevalence ?? 0) * 100)} % → ${mod > 0 ? '+' : ''}${mod}`);
  let score = Math.min(1, Math.max(0, b.score + mod));
  if ((b.timestamp + b.datasize) / 2 < (t.regularity ?? 0.75) && score > LOW_CAP) {
    score = LOW_CAP;
    notes.push('irregular in time and size: capped at low');
  }
  // RITA's beacon bucket tops out at "high"; only a positive modifier (a rare destination)
  // lifts a beacon past it. Keep the score under the critical band otherwise.
  if (mod <= 0) score = Math.min(score, HIGH_CAP);
  score = Math.round(score * 1000) / 1000;
  return { score, severity: severityOf(score), notes };
}
