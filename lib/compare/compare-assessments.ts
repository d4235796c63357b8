// Two assessments side by side (before/after a change, or two sites). Activity ids are
// renumbered by every analysis, so activities are matched by what they are — host, technique
// and peer — and, where a key repeats (a beacon seen in several bursts), in time order.
// Pure: the input is the CLI's analyze JSON shape, read from the database or from a file.
import { STAGES, type Stage, VISIBILITIES, type Visibility } from '../stages';
import { sourceSaw, visibilityClassOf } from '../visibility-class';

export type VisibilityClass = 'network-only' | 'logs-only' | 'both' | 'blind';

export interface CompareActivity {
  id: string;
  stage: string;
  technique: string;
  host: string | null;
  hostIps?: string[];
  peer: string | null;
  start: string;
  /** The activity's last record (absent in older `analyze --json` files: a point at `start`). */
  end?: string;
  network: string;
  logs: string;
  summary: string;
}

export interface CompareBlindSpot {
  kind: string;
  source: string;
  host: string | null;
  ip: string | null;
  detail: string;
}

/** One side of a comparison: the subset of `analyze --json` it needs (blind spots are optional). */
export interface CompareSide {
  name: string;
  analyzedAt?: string | null;
  activities: CompareActivity[];
  blindSpots?: CompareBlindSpot[];
}

export interface ClassCounts {
  networkOnly: number;
  logsOnly: number;
  both: number;
  blind: number;
  total: number;
}

export interface StageChange {
  stage: Stage;
  before: ClassCounts;
  after: ClassCounts;
}

export interface TechniqueChange {
  technique: string;
  stage: string;
  before: ClassCounts;
  after: ClassCounts;
}

export type ActivityChangeKind = 'became-visible' | 'became-invisible' | 'changed' | 'appeared' | 'disappeared';

export interface ActivityChange {
  kind: ActivityChangeKind;
  stage: string;
  technique: string;
  /** Set when a second source re-labelled the activity (same host, peer and stage). */
  techniqueBefore?: string;
  host: string | null;
  peer: string | null;
  start: string;
  summary: string;
  before: { id: string; network: string; logs: string; class: VisibilityClass } | null;
  after: { id: string; network: string; logs: string; class: VisibilityClass } | null;
  /** Sources that started (+) or stopped (−) seeing it. */
  gained: ('network' | 'logs')[];
  lost: ('network' | 'logs')[];
}

export interface BlindSpotChange {
  change: 'opened' | 'closed';
  kind: string;
  source: string;
  host: string | null;
  ip: string | null;
  detail: string;
}

export interface Comparison {
  before: { name: string; analyzedAt: string | null; activities: number };
  after: { name: string; analyzedAt: string | null; activities: number };
  stages: StageChange[];
  techniques: TechniqueChange[];
  activities: ActivityChange[];
  /** Null when either side carries no blind spots (an analyze JSON from before they were added). */
  blindSpots: BlindSpotChange[] | null;
  unchanged: number;
}

/** A source "saw" an activity when it detected it or held evidence of it; `unknown` is not seen. */
export function sawIt(v: string): boolean {
  return (VISIBILITIES as readonly string[]).includes(v) && sourceSaw(v as Visibility);
}

/** The one visibility rule (lib/visibility-class.ts); an activity no source saw is `blind` here. */
export function visibilityClass(a: { network: string; logs: string }): VisibilityClass {
  const c = visibilityClassOf(sawIt(a.network), sawIt(a.logs));
  return c === 'none' ? 'blind' : c;
}

function emptyCounts(): ClassCounts {
  return { networkOnly: 0, logsOnly: 0, both: 0, blind: 0, total: 0 };
}

function addTo(c: ClassCounts, cls: VisibilityClass): void {
  c.total++;
  if (cls === 'network-only') c.networkOnly++;
  else if (cls === 'logs-only') c.logsOnly++;
  else if (cls === 'both') c.both++;
  else c.blind++;
}

/** What identifies "the same activity" across two analyses of (possibly) different data. */
export function activityKey(a: CompareActivity): string {
  return [a.host ?? a.hostIps?.[0] ?? '-', a.technique, a.peer ?? '-'].join('|');
}

function groupByKey(list: CompareActivity[]): Map<string, CompareActivity[]> {
  const by = new Map<string, CompareActivity[]>();
  for (const a of list) {
    const k = activityKey(a);
    const g = by.get(k);
    if (g) g.push(a);
    else by.set(k, [a]);
  }
  for (const g of by.values()) g.sort((x, y) => x.start.localeCompare(y.start) || x.id.localeCompare(y.id));
  return by;
}

function side(a: CompareActivity | undefined) {
  return a ? { id: a.id, network: a.network, logs: a.logs, class: visibilityClass(a) } : null;
}

function describeChange(b: CompareActivity | undefined, a: CompareActivity | undefined): ActivityChange | null {
  const ref = (a ?? b) as CompareActivity;
  const gained: ('network' | 'logs')[] = [];
  const lost: ('network' | 'logs')[] = [];
  for (const src of ['network', 'logs'] as const) {
    const was = b ? sawIt(b[src]) : false;
    const is = a ? sawIt(a[src]) : false;
    if (is && !was) gained.push(src);
    if (was && !is) lost.push(src);
  }
  let kind: ActivityChangeKind;
  if (!b) kind = 'appeared';
  else if (!a) kind = 'disappeared';
  else if (gained.length && !lost.length) kind = 'became-visible';
  else if (lost.length && !gained.length) kind = 'became-invisible';
  else if (gained.length || lost.length) kind = 'changed';
  else return null;
  return {
    kind,
    stage: ref.stage,
    technique: ref.technique,
    ...(a && b && a.technique !== b.technique ? { techniqueBefore: b.technique } : {}),
    host: ref.host,
    peer: ref.peer,
    start: ref.start,
    summary: ref.summary,
    before: side(b),
    after: side(a),
    gained,
    lost,
  };
}

function blindSpotKey(b: CompareBlindSpot): string {
  return [b.kind, b.source, b.host ?? '-', b.ip ?? '-'].join('|');
}

function compareBlindSpots(before: CompareBlindSpot[], after: CompareBlindSpot[]): BlindSpotChange[] {
  const beforeKeys = new Set(before.map(blindSpotKey));
  const afterKeys = new Set(after.map(blindSpotKey));
  const out: BlindSpotChange[] = [];
  const seen = new Set<string>();
  for (const [list, other, change] of [
    [before, afterKeys, 'closed'],
    [after, beforeKeys, 'opened'],
  ] as const) {
    for (const b of list) {
      const k = `${change}|${blindSpotKey(b)}`;
      if (other.has(blindSpotKey(b)) || seen.has(k)) continue;
      seen.add(k);
      out.push({ change, kind: b.kind, source: b.source, host: b.host, ip: b.ip, detail: b.detail });
    }
  }
  return out;
}

const overlaps = (x: CompareActivity, y: CompareActivity) =>
  Date.parse(x.start) <= Date.parse(y.end ?? y.start) && Date.parse(y.start) <= Date.parse(x.end ?? x.start);

/**
 * Pairs the activities of one key (host, technique, peer) across the two sides, both in time
 * order. Activities whose spans overlap are the same activity: first one to one; then what is
 * left over joins an overlapping one already paired (another source can merge two activities
 * into one — two SSH sessions a flow spans — or split one). The rest pair up in time order
 * (two sites, or the same environment on other days, share no times) or are left over.
 */
export function pairInTime(
  bs: CompareActivity[],
  as: CompareActivity[],
): { pairs: [CompareActivity, CompareActivity][]; leftBefore: CompareActivity[]; leftAfter: CompareActivity[] } {
  const pairs: [CompareActivity, CompareActivity][] = [];
  const usedB = new Set<CompareActivity>();
  const usedA = new Set<CompareActivity>();
  for (const x of bs) {
    const y = as.find((c) => !usedA.has(c) && overlaps(x, c));
    if (y) {
      pairs.push([x, y]);
      usedB.add(x);
      usedA.add(y);
    }
  }
  const merged: [CompareActivity, CompareActivity][] = [];
  for (const x of bs.filter((c) => !usedB.has(c))) {
    const y = as.find((c) => usedA.has(c) && overlaps(x, c));
    if (y) merged.push([x, y]);
  }
  for (const y of as.filter((c) => !usedA.has(c))) {
    const x = bs.find((c) => usedB.has(c) && overlaps(c, y));
    if (x) merged.push([x, y]);
  }
  for (const [x, y] of merged) {
    pairs.push([x, y]);
    usedB.add(x);
    usedA.add(y);
  }
  const restB = bs.filter((c) => !usedB.has(c));
  const restA = as.filter((c) => !usedA.has(c));
  for (let i = 0; i < Math.min(restB.length, restA.length); i++) pairs.push([restB[i] as CompareActivity, restA[i] as CompareActivity]);
  return { pairs, leftBefore: restB.slice(restA.length), leftAfter: restA.slice(restB.length) };
}

export function compareAssessments(before: CompareSide, after: CompareSide): Comparison {
  const stageCounts = new Map<string, { before: ClassCounts; after: ClassCounts }>(STAGES.map((s) => [s, { before: emptyCounts(), after: emptyCounts() }]));
  const techCounts = new Map<string, TechniqueChange>();
  for (const [list, which] of [
    [before.activities, 'before'],
    [after.activities, 'after'],
  ] as const) {
    for (const a of list) {
      const cls = visibilityClass(a);
      const s = stageCounts.get(a.stage);
      if (s) addTo(s[which], cls);
      let t = techCounts.get(a.technique);
      if (!t) {
        t = { technique: a.technique, stage: a.stage, before: emptyCounts(), after: emptyCounts() };
        techCounts.set(a.technique, t);
      }
      addTo(t[which], cls);
    }
  }

  const b = groupByKey(before.activities);
  const a = groupByKey(after.activities);
  const changes: ActivityChange[] = [];
  let unchanged = 0;
  const leftBefore: CompareActivity[] = [];
  const leftAfter: CompareActivity[] = [];
  for (const key of new Set([...b.keys(), ...a.keys()])) {
    const paired = pairInTime(b.get(key) ?? [], a.get(key) ?? []);
    leftBefore.push(...paired.leftBefore);
    leftAfter.push(...paired.leftAfter);
    for (const [x, y] of paired.pairs) {
      const c = describeChange(x, y);
      if (c) changes.push(c);
      else unchanged++;
    }
  }
  // A second source can re-label an activity: a network-only "exploit public-facing app"
  // becomes the reverse shell the logs name; a logs-only SSH probe becomes the scan the flows
  // show. Same host, peer and stage: the leftovers pair up, in time order.
  const relabel = (x: CompareActivity) => [x.host ?? '-', x.peer ?? '-', x.stage].join('|');
  const afterByRelabel = groupByKey([]);
  for (const y of leftAfter) afterByRelabel.set(relabel(y), [...(afterByRelabel.get(relabel(y)) ?? []), y]);
  for (const x of leftBefore) {
    const y = afterByRelabel.get(relabel(x))?.shift();
    const c = describeChange(x, y);
    if (c) changes.push(c);
    else unchanged++;
  }
  for (const rest of afterByRelabel.values()) for (const y of rest) changes.push(describeChange(undefined, y) as ActivityChange);
  const stageOrder = (s: string) => (STAGES as readonly string[]).indexOf(s);
  changes.sort((x, y) => stageOrder(x.stage) - stageOrder(y.stage) || x.start.localeCompare(y.start) || x.technique.localeCompare(y.technique));

  return {
    before: { name: before.name, analyzedAt: before.analyzedAt ?? null, activities: before.activities.length },
    after: { name: after.name, analyzedAt: after.analyzedAt ?? null, activities: after.activities.length },
    stages: STAGES.map((stage) => ({ stage, ...(stageCounts.get(stage) as { before: ClassCounts; after: ClassCounts }) })),
    techniques: [...techCounts.values()].sort((x, y) => x.technique.localeCompare(y.technique)),
    activities: changes,
    blindSpots: before.blindSpots && after.blindSpots ? compareBlindSpots(before.blindSpots, after.blindSpots) : null,
    unchanged,
  };
}
