// The answer in words, generated from the data by templates: what only the network saw, what
// only the logs saw, what both saw, what neither can; one sentence per kill-chain stage; the
// biggest blind spots and what each costs. Every number comes from the same class counts the
// tiles and the stage chart draw (coverage-class.ts), so a sentence can never disagree with them.

import type { ActivityRow } from '../queries/get-activities';
import { STAGE_LABELS, STAGES, type Stage, UNOBSERVABLE_STAGES } from '../stages';
import { type ClassCounts, COVERAGE_CLASSES, type CoverageClass, coverageClass, emptyCounts, totalOf } from './coverage-class';
import { techniqueName } from './techniques';

/** A group of activities sharing stage, technique, host and class (`n` of them). */
export interface ClassFact {
  stage: Stage;
  technique: string;
  /** Host name, or its first address when it has no name; null when unknown. */
  host: string | null;
  cls: CoverageClass;
  n: number;
}

export interface BlindSpotInput {
  kind: string;
  source: 'network' | 'logs';
  host: string | null;
  ip: string | null;
  detail: string;
}

export interface StageAnswer {
  stage: Stage;
  counts: ClassCounts;
  sentence: string;
}

export interface BlindSpotCost {
  sentence: string;
  /** Activities the blind spot leaves to one source or to nobody. */
  activities: number;
}

export interface Answer {
  total: number;
  counts: ClassCounts;
  /** The lead: one sentence of totals, then which steps each source alone saw and which neither can. */
  lead: string[];
  stages: StageAnswer[];
  blindSpots: BlindSpotCost[];
}

/** How many blind spots the answer names (the costliest first). */
export const BLIND_SPOTS_SHOWN = 3;

const PHRASE: Record<CoverageClass, string> = {
  networkOnly: 'network only',
  logsOnly: 'logs only',
  bothDetected: 'both detected',
  oneWithEvidence: 'one detected with evidence in the other',
  unknown: 'unknown',
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "a, b and c" */
function list(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Distinct technique names of the facts, most activities first (at most `max`). */
function steps(facts: ClassFact[], max = 4): string[] {
  const by = new Map<string, number>();
  for (const f of facts) by.set(techniqueName(f.technique), (by.get(techniqueName(f.technique)) ?? 0) + f.n);
  const names = [...by.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([name]) => name);
  return names.length > max ? [...names.slice(0, max), `${names.length - max} more`] : names;
}

function countFacts(facts: ClassFact[]): ClassCounts {
  const c = emptyCounts();
  for (const f of facts) c[f.cls] += f.n;
  return c;
}

function stageSentence(stage: Stage, facts: ClassFact[], counts: ClassCounts): string {
  const label = STAGE_LABELS[stage];
  const total = totalOf(counts);
  if (UNOBSERVABLE_STAGES.has(stage) && total === 0) return `${label}: happens in the attacker’s own environment; neither source can see it.`;
  if (total === 0) return `${label}: no activity found by either source.`;
  const parts = COVERAGE_CLASSES.filter((k) => counts[k] > 0).map(
    (k) =>
      `${counts[k]} ${PHRASE[k]} (${list(
        steps(
          facts.filter((f) => f.cls === k),
          3,
        ),
      )})`,
  );
  return `${label}: ${plural(total, 'activity', 'activities')} — ${list(parts)}.`;
}

function leadSentences(facts: ClassFact[], counts: ClassCounts, byStage: StageAnswer[]): string[] {
  const total = totalOf(counts);
  if (total === 0) return ['Neither source showed any attacker activity in this data.'];
  const lead = [
    `Of ${plural(total, 'attacker activity', 'attacker activities')}, ${counts.networkOnly} ${counts.networkOnly === 1 ? 'was' : 'were'} seen by the network only, ` +
      `${counts.logsOnly} by the logs only, ${counts.bothDetected} detected by both, ${counts.oneWithEvidence} detected by one source with evidence in the other, ` +
      `and ${counts.unknown} unknown (the silent source does not cover the host).`,
  ];
  const only = (cls: CoverageClass, who: string) => {
    const s = steps(facts.filter((f) => f.cls === cls));
    if (s.length) lead.push(`Only ${who} saw: ${list(s)}.`);
  };
  only('networkOnly', 'the network');
  only('logsOnly', 'the logs');
  const both = steps(facts.filter((f) => f.cls === 'bothDetected' || f.cls === 'oneWithEvidence'));
  if (both.length) lead.push(`Both sources saw: ${list(both)}.`);
  const unseen = byStage.filter((s) => totalOf(s.counts) === 0).map((s) => STAGE_LABELS[s.stage]);
  if (unseen.length) lead.push(`Neither source saw anything in: ${list(unseen)}.`);
  return lead;
}

// A blind spot costs the activities on its host that its source did not see: those rest on the
// other source alone, or on nobody. The source-wide cost is what losing each source would lose.
function blindSpotCosts(facts: ClassFact[], spots: BlindSpotInput[]): BlindSpotCost[] {
  const costs: BlindSpotCost[] = [];
  for (const [cls, what] of [
    ['networkOnly', 'the flow export'],
    ['logsOnly', 'the logs'],
  ] as const) {
    const lost = facts.filter((f) => f.cls === cls);
    const n = lost.reduce((k, f) => k + f.n, 0);
    if (n > 0) costs.push({ activities: n, sentence: `Without ${what}, ${plural(n, 'activity', 'activities')} would go unseen (${list(steps(lost))}).` });
  }
  const seen = new Set<string>();
  for (const b of spots) {
    const host = b.host ?? b.ip;
    if (!host || (b.kind !== 'host_without_logs' && b.kind !== 'host_without_flows' && b.kind !== 'audit_rules_missing')) continue;
    const key = `${b.kind}:${host}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const missed: CoverageClass[] = b.source === 'logs' ? ['networkOnly', 'unknown'] : ['logsOnly', 'unknown'];
    const affected = facts.filter((f) => f.host === host && missed.includes(f.cls));
    const n = affected.reduce((k, f) => k + f.n, 0);
    if (n === 0) continue;
    const what =
      b.kind === 'host_without_logs'
        ? `${host} sent no logs`
        : b.kind === 'host_without_flows'
          ? `no flow covers ${host}`
          : `auditd on ${host} records no commands (execve rules missing)`;
    costs.push({
      activities: n,
      sentence: `${what}: ${plural(n, 'activity', 'activities')} on it cannot be confirmed by ${b.source === 'logs' ? 'the host' : 'the network'} (${list(steps(affected))}).`,
    });
  }
  return costs.sort((a, b) => b.activities - a.activities).slice(0, BLIND_SPOTS_SHOWN);
}

/** Facts from activity rows (a frozen report holds rows, not the database): the same classifier as the SQL path. */
export function factsFromActivities(activities: Pick<ActivityRow, 'stage' | 'technique' | 'host' | 'hostIps' | 'network' | 'logs'>[]): ClassFact[] {
  const by = new Map<string, ClassFact>();
  for (const a of activities) {
    const cls = coverageClass({ network: a.network, logs: a.logs, hostHasAddress: a.hostIps.length > 0 });
    const host = a.host ?? a.hostIps[0] ?? null;
    const key = `${a.stage}\u0000${a.technique}\u0000${host}\u0000${cls}`;
    const f = by.get(key);
    if (f) f.n++;
    else by.set(key, { stage: a.stage, technique: a.technique, host, cls, n: 1 });
  }
  return [...by.values()];
}

export function buildAnswer(facts: ClassFact[], spots: BlindSpotInput[] = []): Answer {
  const stages = STAGES.map((stage) => {
    const mine = facts.filter((f) => f.stage === stage);
    const counts = countFacts(mine);
    return { stage, counts, sentence: stageSentence(stage, mine, counts) };
  });
  const counts = countFacts(facts);
  return { total: totalOf(counts), counts, lead: leadSentences(facts, counts, stages), stages, blindSpots: blindSpotCosts(facts, spots) };
}

/** The answer as plain text: the executive summary's starting point (the user edits it from here). */
export function answerText(a: Answer): string {
  const blind = a.blindSpots.length ? ['', 'Biggest blind spots:', ...a.blindSpots.map((b) => `• ${b.sentence}`)] : [];
  return [a.lead.join(' '), '', 'Per stage:', ...a.stages.map((s) => `• ${s.sentence}`), ...blind].join('\n');
}
