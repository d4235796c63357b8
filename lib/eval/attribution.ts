// Host attribution and visibility class per step (issue 14): did each attacker step's activity
// sit on the right host and address, and did Sightline put it in the class the product defines
// (lib/visibility-class.ts: a source that cannot tie the activity to its host is `unknown`).
// Beside it, the identity of each truth host: mapped to its own address, never to another's,
// and hosts behind a NAT address never mapped and listed as a doubt for a person to decide.
// Pure but for `loadIdentity`, which reads the assessment's mappings and doubts.

import type { Visibility } from '../stages';
import { activityClassOf, visibilityClassOf } from '../visibility-class';
import { activityMatchesStep, DEFAULT_EVAL_OPTIONS, type EvalActivity } from './evaluate';
import type { Truth, TruthStep } from './truth';

export interface Identity {
  mappings: { name: string; ip: string }[];
  doubts: { name: string; ip: string; reason: string }[];
}

export interface StepAttribution {
  stepId: string;
  host: string;
  hostIp: string;
  /** Matched activities name the step's host (when the logs could see it) and carry its address (when the network could). */
  hostRight: boolean;
  /** Activities of the step's stage, peer and time that sit on another host. */
  wrongHost: string[];
  expectedClass: string;
  sightlineClass: string;
  classRight: boolean;
  why: string;
}

export interface HostIdentityCheck {
  host: string;
  ip: string;
  natted: boolean;
  mappedTo: string[];
  doubts: string[];
  right: boolean;
  why: string;
}

export interface AttributionResult {
  steps: StepAttribution[];
  hostAccuracy: number | null;
  classAccuracy: number | null;
  hosts: HostIdentityCheck[];
  identityAccuracy: number | null;
  /** Hosts mapped to their own address. */
  mappedRight: number;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

/** What the sources saw of a step across its activities: seeing wins, then unknown, then blind. */
function combined(values: string[]): Visibility {
  if (values.includes('detected')) return 'detected';
  if (values.includes('evidence')) return 'evidence';
  if (values.includes('unknown')) return 'unknown';
  return 'blind';
}

function overlaps(a: EvalActivity, s: TruthStep, tolSeconds: number): boolean {
  const tol = tolSeconds * 1000;
  return Date.parse(a.start) <= Date.parse(s.end) + tol && Date.parse(a.end) >= Date.parse(s.start) - tol;
}

export function attribution(
  truth: Pick<Truth, 'steps' | 'hosts' | 'imperfections'>,
  activities: EvalActivity[],
  identity: Identity,
  toleranceSeconds = DEFAULT_EVAL_OPTIONS.toleranceSeconds,
): AttributionResult {
  const ipOf = new Map(truth.hosts.map((h) => [h.name, h.ip]));
  const hostOfIp = new Map(truth.hosts.map((h) => [h.ip, h.name]));
  const steps: StepAttribution[] = [];
  for (const s of truth.steps) {
    if (!s.visibleTo.network && !s.visibleTo.logs) continue;
    const hits = activities.filter((a) => activityMatchesStep(a, s, toleranceSeconds));
    const wrongHost = activities
      .filter((a) => a.stage === s.stage && overlaps(a, s, toleranceSeconds) && (a.peer === null || s.peer === null || a.peer === s.peer))
      .filter((a) => (a.host !== null && a.host !== s.host && ipOf.has(a.host)) || a.hostIps.some((ip) => hostOfIp.has(ip) && hostOfIp.get(ip) !== s.host))
      .filter((a) => !(a.host === s.host || a.hostIps.includes(s.hostIp)) || (a.host !== null && a.host !== s.host))
      .map((a) => `${a.host ?? '-'} ${a.hostIps.join(',')}: ${a.summary.slice(0, 80)}`);
    const named = hits.some((a) => a.host === s.host);
    const addressed = hits.some((a) => a.hostIps.includes(s.hostIp));
    const hostRight = hits.length > 0 && (!s.visibleTo.logs || named) && (!s.visibleTo.network || addressed) && wrongHost.length === 0;
    const expectedClass = visibilityClassOf(s.visibleTo.network, s.visibleTo.logs);
    const net = combined(hits.map((a) => a.network));
    const logs = combined(hits.map((a) => a.logs));
    const sightlineClass = hits.length === 0 ? 'missed' : activityClassOf(net, logs);
    const why =
      hits.length === 0 ? 'no activity' : `network ${net}, logs ${logs}; on ${[...new Set(hits.map((a) => a.host ?? a.hostIps.join(',')))].join(' / ')}`;
    steps.push({
      stepId: s.id,
      host: s.host,
      hostIp: s.hostIp,
      hostRight,
      wrongHost,
      expectedClass,
      sightlineClass,
      classRight: sightlineClass === expectedClass,
      why,
    });
  }
  const natIps = new Map<string, string>();
  for (const imp of truth.imperfections) if (imp.kind === 'nat') for (const h of imp.hosts) natIps.set(h, imp.natIp);
  const hosts: HostIdentityCheck[] = [];
  for (const h of truth.hosts) {
    const mappedTo = identity.mappings.filter((m) => m.name === h.name).map((m) => m.ip);
    const doubts = identity.doubts.filter((d) => d.name === h.name).map((d) => `${d.ip}: ${d.reason}`);
    const nat = natIps.get(h.name);
    if (nat !== undefined) {
      // Behind a NAT: never mapped to the shared address (its own private one is fine); a doubt when the flows suggested it.
      const mappedNat = mappedTo.includes(nat) || identity.mappings.some((m) => m.ip === nat);
      const doubted = identity.doubts.some((d) => d.name === h.name && d.ip === nat);
      hosts.push({
        host: h.name,
        ip: h.ip,
        natted: true,
        mappedTo,
        doubts,
        right: !mappedNat && mappedTo.every((ip) => ip === h.ip),
        why: mappedNat ? `the NAT address ${nat} was mapped` : doubted ? `${nat} listed as a doubt, not mapped` : `${nat} not mapped (no doubt listed)`,
      });
      continue;
    }
    const wrong = mappedTo.filter((ip) => ip !== h.ip);
    hosts.push({
      host: h.name,
      ip: h.ip,
      natted: false,
      mappedTo,
      doubts,
      // No address is not wrong (a host whose logs name no peer cannot be placed); another host's address is.
      right: wrong.length === 0,
      why: wrong.length ? `mapped to ${wrong.join(', ')}` : mappedTo.includes(h.ip) ? 'mapped to its address' : 'no address (nothing to place it by)',
    });
  }
  return {
    steps,
    hostAccuracy: ratio(steps.filter((s) => s.hostRight).length, steps.length),
    classAccuracy: ratio(steps.filter((s) => s.classRight).length, steps.length),
    hosts,
    identityAccuracy: ratio(hosts.filter((h) => h.right).length, hosts.length),
    mappedRight: hosts.filter((h) => h.mappedTo.includes(h.ip)).length,
  };
}

export function formatAttribution(r: AttributionResult): string {
  const pct = (x: number | null) => (x === null ? '-' : `${Math.round(x * 100)} %`);
  const out = [
    '',
    `  host attribution ${pct(r.hostAccuracy)}, visibility class ${pct(r.classAccuracy)} of ${r.steps.length} observable steps; host identity right for ${pct(r.identityAccuracy)} of ${r.hosts.length} hosts (${r.mappedRight} mapped to their own address)`,
  ];
  for (const s of r.steps)
    if (!s.hostRight || !s.classRight)
      out.push(
        `    ${s.stepId} ${s.host} ${s.hostIp}: host ${s.hostRight ? 'ok' : 'WRONG'}, class ${s.sightlineClass} (expected ${s.expectedClass}); ${s.why}${s.wrongHost.length ? `; also on ${s.wrongHost.join(' | ')}` : ''}`,
      );
  for (const h of r.hosts)
    if (!h.right || h.natted) out.push(`    host ${h.host} ${h.ip}${h.natted ? ' (behind NAT)' : ''}: ${h.right ? 'ok' : 'WRONG'}, ${h.why}`);
  return `${out.join('\n')}\n`;
}

export async function loadIdentity(assessmentId: string): Promise<Identity> {
  const { getHostMappings } = await import('../queries/get-host-mappings');
  const m = await getHostMappings(assessmentId);
  return { mappings: m.mappings.map((x) => ({ name: x.name, ip: x.ip })), doubts: m.doubts.map((d) => ({ name: d.name, ip: d.ip, reason: d.reason })) };
}
