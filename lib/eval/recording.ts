// Judging Sightline against a recorded intrusion (test/fixtures/recordings/*): real tools in
// network namespaces, and a truth written by hand from the captured lines and flows ("lab truth
// v1"). Unlike the generator's truth (truth.ts), nobody tuned this data to our detectors, so
// it is the yardstick for host identity, detectors and correlation.
//
// A step is *right* when one activity has the step's host (by name, or by the host's address
// when no name is known), the step's stage, one of its techniques, and network/logs marks that
// match the truth's visibility: a source marked detected or evidence "sees it", blind or
// unknown does not. An activity that explains no step (time, and host, peer or technique) is
// *unexplained*: on the recordings' benign background that is a false alarm.

import { z } from 'zod';
import { techniqueIdOf } from '../correlate/correlate';
import type { Stage } from '../stages';
import { answersTechnique } from './technique-match';

const STAGE_OF_TRUTH: Record<string, Stage> = {
  Reconnaissance: 'recon',
  Weaponization: 'weaponization',
  Delivery: 'delivery',
  Exploitation: 'exploitation',
  Installation: 'installation',
  C2: 'c2',
  'Command and Control': 'c2',
  'Actions on Objectives': 'actions',
};

const ZLabStep = z.object({
  step: z.string(),
  stage: z.string().refine((s) => s in STAGE_OF_TRUTH, 'not a kill-chain stage'),
  technique: z.array(z.string()).min(1),
  host: z.string(),
  peer_ip: z.string().nullable().optional(),
  start: z.iso.datetime(),
  end: z.iso.datetime(),
  expected_visibility: z.enum(['network', 'logs', 'both', 'neither']),
  why: z.string().optional(),
});

export const ZLabTruth = z.object({
  format: z.string().startsWith('lab truth v1'),
  scenario: z.object({
    name: z.string(),
    victims: z.array(z.object({ host: z.string(), ipv4: z.string() })),
  }),
  steps: z.array(ZLabStep),
  benign: z.array(z.object({ name: z.string(), src: z.string().optional(), dst: z.string().optional() })).default([]),
});
export type LabTruth = z.infer<typeof ZLabTruth>;
export type LabStep = z.infer<typeof ZLabStep>;

/** The fields of `sightline analyze --json` activities the judge reads. */
export interface JudgedActivity {
  id: string;
  stage: string;
  technique: string;
  host: string | null;
  hostIps: string[];
  peer: string | null;
  start: string;
  end: string;
  network: string;
  logs: string;
  summary: string;
}

export type StepVerdict = 'right' | 'wrong' | 'missed';

export interface StepJudgement {
  step: string;
  stage: Stage;
  techniques: string[];
  host: string;
  expected: LabStep['expected_visibility'];
  verdict: StepVerdict;
  /** The matching activity, or the nearest candidate for a wrong step. */
  activityId: string | null;
  /** What the candidate got wrong (empty when right). */
  reasons: string[];
  said: string | null;
}

export interface RecordingJudgement {
  recording: string;
  steps: StepJudgement[];
  right: number;
  wrong: number;
  missed: number;
  /** Activities that explain no step: false alarms on the recording's benign background. */
  unexplained: JudgedActivity[];
}

const SEES = new Set(['detected', 'evidence']);
const ms = (iso: string) => Date.parse(iso);

export function truthStage(name: string): Stage {
  const s = STAGE_OF_TRUTH[name];
  if (!s) throw new Error(`${name}: not a kill-chain stage`);
  return s;
}

function overlaps(a: JudgedActivity, s: LabStep, toleranceMs: number): boolean {
  return ms(a.start) <= ms(s.end) + toleranceMs && ms(a.end) >= ms(s.start) - toleranceMs;
}

function visibilityReasons(a: JudgedActivity, expected: LabStep['expected_visibility']): string[] {
  const want = { network: expected === 'network' || expected === 'both', logs: expected === 'logs' || expected === 'both' };
  const out: string[] = [];
  for (const source of ['network', 'logs'] as const) {
    const sees = SEES.has(a[source]);
    if (sees !== want[source]) out.push(`${source} ${a[source]} (truth: ${want[source] ? 'sees it' : 'does not'})`);
  }
  return out;
}

/** Judge one analysis of a recording against its hand-written truth. */
export function judgeRecording(truth: LabTruth, activities: JudgedActivity[], options: { toleranceSeconds?: number } = {}): RecordingJudgement {
  const tol = (options.toleranceSeconds ?? 30) * 1000;
  const ipOf = new Map(truth.scenario.victims.map((v) => [v.host, v.ipv4]));
  const explained = new Set<string>();
  const usedForRight = new Set<string>();
  const steps = truth.steps.map((s): StepJudgement => {
    const stage = truthStage(s.stage);
    const techniques = s.technique.map(techniqueIdOf);
    const hostIp = ipOf.get(s.host);
    const onHost = (a: JudgedActivity) => a.host === s.host || (hostIp !== undefined && a.hostIps.includes(hostIp));
    const involvesPeer = (a: JudgedActivity) => !!s.peer_ip && a.peer === s.peer_ip;
    const sameTech = (a: JudgedActivity) => techniques.some((t) => answersTechnique(a.technique, t));
    const reasonsOf = (a: JudgedActivity): string[] => {
      const r: string[] = [];
      if (!onHost(a)) r.push(`host ${a.host ?? (a.hostIps.join(',') || 'unknown')} (truth: ${s.host})`);
      if (a.stage !== stage) r.push(`stage ${a.stage} (truth: ${stage})`);
      if (!sameTech(a)) r.push(`technique ${a.technique} (truth: ${techniques.join(' or ')})`);
      r.push(...visibilityReasons(a, s.expected_visibility));
      return r;
    };
    // A candidate shares the step's time and its technique, its peer, or its host and stage;
    // only technique or peer make an activity part of the step (host and minute alone do not).
    const candidates = activities.filter((a) => overlaps(a, s, tol) && (sameTech(a) || involvesPeer(a) || (onHost(a) && a.stage === stage)));
    for (const a of candidates) if (sameTech(a) || involvesPeer(a)) explained.add(a.id);
    const ranked = candidates.map((a) => ({ a, reasons: reasonsOf(a) })).sort((x, y) => x.reasons.length - y.reasons.length);
    // An activity makes at most one step right (one row cannot answer for two steps).
    const free = ranked.find((c) => c.reasons.length === 0 && !usedForRight.has(c.a.id));
    const best =
      free ?? (ranked[0] && { a: ranked[0].a, reasons: ranked[0].reasons.length ? ranked[0].reasons : ['its activity already answers another step'] });
    if (free) usedForRight.add(free.a.id);
    const base = { step: s.step, stage, techniques, host: s.host, expected: s.expected_visibility };
    if (!best) return { ...base, verdict: 'missed', activityId: null, reasons: ['no activity on this host, peer or technique in the window'], said: null };
    return {
      ...base,
      verdict: best.reasons.length === 0 ? 'right' : 'wrong',
      activityId: best.a.id,
      reasons: best.reasons,
      said: `[${best.a.stage}] ${best.a.technique} ${best.a.host ?? (best.a.hostIps[0] || '-')} peer ${best.a.peer ?? '-'} net=${best.a.network} logs=${best.a.logs}`,
    };
  });
  const count = (v: StepVerdict) => steps.filter((s) => s.verdict === v).length;
  return {
    recording: truth.scenario.name,
    steps,
    right: count('right'),
    wrong: count('wrong'),
    missed: count('missed'),
    unexplained: activities.filter((a) => !explained.has(a.id)),
  };
}

/** The judgement as a Markdown table and totals (what `npm run judge` prints). */
export function formatJudgement(j: RecordingJudgement, label: string): string {
  const out = [
    `## ${j.recording} — ${label}`,
    '',
    `**${j.right} of ${j.steps.length} steps right**, ${j.wrong} found but wrong, ${j.missed} missed; ${j.unexplained.length} activities explain no step.`,
    '',
    '| step | truth | verdict | Sightline said | why not right |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const s of j.steps) {
    out.push(`| ${s.step} | ${s.stage} / ${s.techniques.join(', ')} / ${s.host} / ${s.expected} | ${s.verdict} | ${s.said ?? '—'} | ${s.reasons.join('; ')} |`);
  }
  if (j.unexplained.length > 0) {
    out.push('', 'Activities that explain no step:', '');
    for (const a of j.unexplained)
      out.push(
        `- [${a.stage}] ${a.technique} ${a.host ?? (a.hostIps[0] || '-')} peer ${a.peer ?? '-'} net=${a.network} logs=${a.logs}: ${a.summary.slice(0, 160)}`,
      );
  }
  return out.join('\n');
}
