// Expected (the team's layer) against measured (this assessment) per technique, with the reason
// in the data: how many activities, which source saw them.
import type { TechniqueVisibility } from '../queries/get-technique-visibility';
import type { ExpectedTechnique } from './read-navigator-layer';

export interface BaselineRow {
  technique: string;
  expected: number | null;
  measured: number;
  activities: number;
  networkSeen: number;
  logsSeen: number;
  gap: 'over' | 'under' | 'met' | 'unscored';
  reason: string;
}

export function compareBaseline(expected: ExpectedTechnique[], measured: TechniqueVisibility[]): BaselineRow[] {
  const m = new Map(measured.map((t) => [t.technique, t]));
  const e = new Map(expected.map((t) => [t.technique, t]));
  const ids = [...new Set([...e.keys(), ...m.keys()])].sort();
  return ids.map((technique) => {
    const x = e.get(technique);
    const t = m.get(technique);
    const measuredScore = t?.visibility ?? 0;
    const net = t ? t.networkOnly + t.both : 0;
    const logs = t ? t.logsOnly + t.both : 0;
    const n = t?.activities ?? 0;
    const seen = n === 0 ? 'no activity of this technique in this data' : `${n} activit${n === 1 ? 'y' : 'ies'}: network saw ${net}, logs saw ${logs}`;
    const gap = !x ? 'unscored' : x.expected > measuredScore ? 'over' : x.expected < measuredScore ? 'under' : 'met';
    const lead = x ? `you score visibility ${x.expected}; measured ${measuredScore}` : `not in your baseline; measured ${measuredScore}`;
    return {
      technique,
      expected: x?.expected ?? null,
      measured: measuredScore,
      activities: n,
      networkSeen: net,
      logsSeen: logs,
      gap,
      reason: `${lead} — ${seen}`,
    };
  });
}
