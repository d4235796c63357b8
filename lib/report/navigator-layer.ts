// A report as an ATT&CK Navigator layer: one entry per technique seen in the report, scored
// with the DeTT&CT 0–4 visibility the dashboard shows (detectVisibilityScore, one scale
// everywhere) and coloured by Navigator's own 0–4 gradient; which source saw it is in the
// comment and metadata.
import { detectVisibilityScore } from '../queries/get-technique-visibility';

import { sourceSaw } from '../visibility-class';
import type { NavigatorLayer, NavigatorTechnique } from './navigator-layer-format';
import type { ReportSnapshot } from './snapshot';

export const VISIBILITY_COLORS = { network: '#0284c7', logs: '#d97706', both: '#7c3aed' } as const;
export const NAVIGATOR_VERSION = '5.1';

type Seen = keyof typeof VISIBILITY_COLORS;

interface Tally {
  networkOnly: number;
  logsOnly: number;
  both: number;
  /** (activity, source) pairs that saw something: the share behind the 0–4 score. */
  seenPairs: number;
  stages: Set<string>;
}

/** Navigator's gradient over the DeTT&CT scale: 0 none … 4 seen by both sources every time. */
export const VISIBILITY_GRADIENT = ['#ffffff', '#bae6fd', '#7dd3fc', '#a78bfa', '#7c3aed'] as const;
export const VISIBILITY_LEGEND = [
  '0 — not visible',
  '1 — minimal',
  '2 — medium (one source, every time)',
  '3 — good',
  '4 — excellent (both sources, every time)',
] as const;

function classify(t: Tally): Seen {
  if (t.both > 0 || (t.networkOnly > 0 && t.logsOnly > 0)) return 'both';
  return t.networkOnly > 0 ? 'network' : 'logs';
}

function tally(s: ReportSnapshot): Map<string, Tally> {
  const tallies = new Map<string, Tally>();
  for (const a of s.activities) {
    if (!/^T\d{4}(\.\d{3})?$/.test(a.technique)) continue; // only real ATT&CK ids can be placed on the matrix
    const t = tallies.get(a.technique) ?? { networkOnly: 0, logsOnly: 0, both: 0, seenPairs: 0, stages: new Set<string>() };
    const net = sourceSaw(a.network);
    const logs = sourceSaw(a.logs);
    t.seenPairs += Number(net) + Number(logs);
    if (net && logs) t.both++;
    else if (net) t.networkOnly++;
    else if (logs) t.logsOnly++;
    t.stages.add(a.stage);
    tallies.set(a.technique, t);
  }
  return tallies;
}

export type LayerSource = 'network' | 'logs';

/**
 * How Navigator's "create layer from other layers" gives each class back from the two source
 * layers (a = network, b = logs; a comparison scores 1 where true, 0 elsewhere — Navigator's
 * USAGE.md, "Creating Layers from Other Layers").
 */
export const SOURCE_LAYER_EXPRESSIONS = {
  'network only': 'a>0 and b==0',
  'logs only': 'a==0 and b>0',
  both: 'a>0 and b>0',
} as const;

export function buildNavigatorLayer(s: ReportSnapshot, title: string): NavigatorLayer {
  const tallies = tally(s);
  const techniques: NavigatorTechnique[] = [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, t]) => {
      const seen = classify(t);
      const total = t.networkOnly + t.logsOnly + t.both;
      const score = detectVisibilityScore(t.seenPairs / (2 * total));
      return {
        techniqueID: id,
        score,
        color: '', // empty: Navigator colours the cell from the 0–4 gradient
        comment: `visibility ${score}/4 — ${total} activit${total === 1 ? 'y' : 'ies'}: network only ${t.networkOnly}, logs only ${t.logsOnly}, both ${t.both} (kill-chain: ${[...t.stages].join(', ')})`,
        enabled: true,
        metadata: [{ name: 'seen by', value: seen === 'both' ? 'network and logs' : `${seen} only` }],
        links: [],
        showSubtechniques: false,
      };
    });
  return {
    name: title.slice(0, 100),
    versions: { attack: s.attackVersion, navigator: NAVIGATOR_VERSION, layer: '4.5' },
    domain: 'enterprise-attack',
    description: `Sightline report "${title}", frozen ${s.frozenAt}: which source saw each technique (DeTT&CT visibility 0–4 over both sources). ${arithmeticHint()}`,
    sorting: 0,
    layout: {
      layout: 'side',
      aggregateFunction: 'average',
      showID: true,
      showName: true,
      showAggregateScores: false,
      countUnscored: false,
      expandedSubtechniques: 'annotated',
    },
    hideDisabled: false,
    techniques,
    gradient: { colors: [...VISIBILITY_GRADIENT], minValue: 0, maxValue: 4 },
    legendItems: VISIBILITY_LEGEND.map((label, i) => ({ label: `DeTT&CT visibility ${label}`, color: VISIBILITY_GRADIENT[i] ?? '#ffffff' })),
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [],
    links: [],
  };
}

function arithmeticHint(): string {
  const e = Object.entries(SOURCE_LAYER_EXPRESSIONS)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return `With the network layer as a and the logs layer as b, "create layer from other layers" gives ${e}.`;
}

/**
 * One source's layer: every technique of the report, scored with the DeTT&CT 0–4 visibility of
 * that source alone (the share of the technique's activities it saw: 0 never … 4 every time).
 * A score above 0 means the source saw the technique at least once, so Navigator's layer
 * arithmetic over the two source layers gives network only, logs only and both
 * (SOURCE_LAYER_EXPRESSIONS) exactly as the combined layer's "seen by" says.
 */
export function buildSourceLayer(s: ReportSnapshot, title: string, source: LayerSource): NavigatorLayer {
  const tallies = tally(s);
  const techniques: NavigatorTechnique[] = [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, t]) => {
      const total = t.networkOnly + t.logsOnly + t.both;
      const saw = t.both + (source === 'network' ? t.networkOnly : t.logsOnly);
      const score = detectVisibilityScore(saw / total);
      return {
        techniqueID: id,
        score,
        color: '',
        comment: `${source} visibility ${score}/4 — the ${source === 'network' ? 'network' : 'logs'} saw ${saw} of ${total} activit${total === 1 ? 'y' : 'ies'} (kill-chain: ${[...t.stages].join(', ')})`,
        enabled: true,
        metadata: [{ name: 'source', value: source }],
        links: [],
        showSubtechniques: false,
      };
    });
  const layer = buildNavigatorLayer(s, title);
  const name = `${title.slice(0, 88)} — ${source}`;
  return {
    ...layer,
    name,
    description: `Sightline report "${title}", frozen ${s.frozenAt}: what the ${source === 'network' ? 'flows' : 'logs'} alone saw of each technique (DeTT&CT visibility 0–4). ${arithmeticHint()}`,
    techniques,
    legendItems: SOURCE_LEGEND.map((label, i) => ({ label: `${source} visibility ${label}`, color: VISIBILITY_GRADIENT[i] ?? '#ffffff' })),
  };
}

const SOURCE_LEGEND = ['0 — never seen', '1 — minimal', '2 — medium', '3 — good', '4 — every time'] as const;
