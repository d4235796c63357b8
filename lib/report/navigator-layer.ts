// A report as an ATT&CK Navigator layer: one entry per technique seen in the report,
// coloured by which source saw it (the dashboard's network / logs / both colours), scored
// by its number of activities, with the per-source counts in the comment.

import { sourceSaw, visibilityClassOf } from '../visibility-class';
import type { NavigatorLayer, NavigatorTechnique } from './navigator-layer-format';
import type { ReportSnapshot } from './snapshot';

export const VISIBILITY_COLORS = { network: '#0284c7', logs: '#d97706', both: '#7c3aed' } as const;
export const NAVIGATOR_VERSION = '5.1';

type Seen = keyof typeof VISIBILITY_COLORS;

interface Tally {
  networkOnly: number;
  logsOnly: number;
  both: number;
  stages: Set<string>;
}

function classify(t: Tally): Seen {
  if (t.both > 0 || (t.networkOnly > 0 && t.logsOnly > 0)) return 'both';
  return t.networkOnly > 0 ? 'network' : 'logs';
}

export function buildNavigatorLayer(s: ReportSnapshot, title: string): NavigatorLayer {
  const tallies = new Map<string, Tally>();
  for (const a of s.activities) {
    if (!/^T\d{4}(\.\d{3})?$/.test(a.technique)) continue; // only real ATT&CK ids can be placed on the matrix
    const t = tallies.get(a.technique) ?? { networkOnly: 0, logsOnly: 0, both: 0, stages: new Set<string>() };
    const cls = visibilityClassOf(sourceSaw(a.network), sourceSaw(a.logs));
    if (cls === 'both') t.both++;
    else if (cls === 'network-only') t.networkOnly++;
    else if (cls === 'logs-only') t.logsOnly++;
    t.stages.add(a.stage);
    tallies.set(a.technique, t);
  }
  const techniques: NavigatorTechnique[] = [...tallies.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, t]) => {
      const seen = classify(t);
      const total = t.networkOnly + t.logsOnly + t.both;
      return {
        techniqueID: id,
        score: total,
        color: VISIBILITY_COLORS[seen],
        comment: `${total} activit${total === 1 ? 'y' : 'ies'}: network only ${t.networkOnly}, logs only ${t.logsOnly}, both ${t.both} (kill-chain: ${[...t.stages].join(', ')})`,
        enabled: true,
        metadata: [{ name: 'seen by', value: seen === 'both' ? 'network and logs' : `${seen} only` }],
        links: [],
        showSubtechniques: false,
      };
    });
  const maxScore = Math.max(1, ...techniques.map((t) => t.score ?? 0));
  return {
    name: title.slice(0, 100),
    versions: { attack: s.attackVersion, navigator: NAVIGATOR_VERSION, layer: '4.5' },
    domain: 'enterprise-attack',
    description: `Sightline report "${title}", frozen ${s.frozenAt}: which source saw each technique.`,
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
    // Colours are set per technique; the gradient only matters if a user clears them.
    gradient: { colors: ['#ffffff', '#7c3aed'], minValue: 0, maxValue: maxScore },
    legendItems: [
      { label: 'Seen by the network only', color: VISIBILITY_COLORS.network },
      { label: 'Seen by the logs only', color: VISIBILITY_COLORS.logs },
      { label: 'Seen by both', color: VISIBILITY_COLORS.both },
    ],
    showTacticRowBackground: false,
    selectTechniquesAcrossTactics: true,
    selectSubtechniquesWithParent: false,
    selectVisibleTechniques: false,
    metadata: [],
    links: [],
  };
}
