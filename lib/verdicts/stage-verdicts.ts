// "The right tool per stage, on this data." The common claim in the field (five of seven
// stages cross the network and are seen whole from one sensor; Exploitation and Installation
// belong to host logs; Weaponization to neither) set beside what this assessment measured,
// with a one-line verdict whose reason comes only from the counts below.
import type { StageCost } from '../queries/get-cost-of-seeing';
import { STAGE_LABELS, STAGES, type Stage } from '../stages';

export type ClaimedSource = 'network' | 'logs' | 'neither';

export const STAGE_CLAIMS: Record<Stage, ClaimedSource> = {
  recon: 'network',
  weaponization: 'neither',
  delivery: 'network',
  exploitation: 'logs',
  installation: 'logs',
  c2: 'network',
  actions: 'network',
};

const CLAIM_TEXT: Record<ClaimedSource, string> = {
  network: 'crosses the network: one sensor sees it',
  logs: 'happens on the host: its logs see it',
  neither: 'happens in the attacker’s environment: neither source sees it',
};

/** The activities of one stage, reduced to what the verdict's reason needs. */
export interface StageActivityFacts {
  total: number;
  /** Seen by the logs only, and how many of those have no peer address (nothing to put in a flow). */
  logsOnly: number;
  logsOnlyWithoutPeer: number;
  /** Seen by the network only, and on how many distinct hosts. */
  networkOnly: number;
  networkOnlyHosts: number;
  blind: number;
}

export interface StageVerdict {
  stage: Stage;
  claim: string;
  claimedSource: ClaimedSource;
  total: number;
  networkSeen: number;
  logsSeen: number;
  better: 'network' | 'logs' | 'equal' | 'none';
  outcome: 'confirmed' | 'contradicted' | 'untested';
  verdict: string;
}

function costText(c: StageCost): string {
  const parts: string[] = [];
  if (c.networkSaw) parts.push(`network: ${c.networkRecords} records from ${c.networkSensors} sensor${c.networkSensors === 1 ? '' : 's'}`);
  if (c.logsSaw) parts.push(`logs: ${c.logRecords} records from ${c.logHosts} host${c.logHosts === 1 ? '' : 's'}`);
  return parts.length ? ` Cost of seeing — ${parts.join('; ')}.` : '';
}

function reasonText(f: StageActivityFacts): string {
  const parts: string[] = [];
  if (f.logsOnly) {
    parts.push(
      f.logsOnlyWithoutPeer === f.logsOnly
        ? `${f.logsOnly === 1 ? 'the one activity the network missed involves' : `the ${f.logsOnly} activities the network missed involve`} no remote address (done on the host), so no flow carries ${f.logsOnly === 1 ? 'it' : 'them'}`
        : `${f.logsOnly} seen only in logs (${f.logsOnlyWithoutPeer} with no remote address; the others' flows are not in the exports)`,
    );
  }
  if (f.networkOnly)
    parts.push(`${f.networkOnly} seen only on the wire, on ${f.networkOnlyHosts} host${f.networkOnlyHosts === 1 ? '' : 's'} whose logs hold no record of them`);
  if (f.blind) parts.push(`${f.blind} seen by neither`);
  return parts.join('; ');
}

export function stageVerdicts(costs: StageCost[], facts: Partial<Record<Stage, StageActivityFacts>>): StageVerdict[] {
  const byStage = new Map(costs.map((c) => [c.stage, c]));
  return STAGES.map((stage) => {
    const f = facts[stage] ?? { total: 0, logsOnly: 0, logsOnlyWithoutPeer: 0, networkOnly: 0, networkOnlyHosts: 0, blind: 0 };
    const c = byStage.get(stage) ?? { stage, networkSaw: 0, logsSaw: 0, networkRecords: 0, logRecords: 0, networkSensors: 0, logHosts: 0 };
    const claimedSource = STAGE_CLAIMS[stage];
    const { networkSaw: net, logsSaw: logs } = c;
    const better = f.total === 0 || (net === 0 && logs === 0) ? 'none' : net > logs ? 'network' : logs > net ? 'logs' : 'equal';
    const label = STAGE_LABELS[stage];
    const counts = `logs ${logs} of ${f.total}, network ${net} of ${f.total}`;
    let outcome: StageVerdict['outcome'];
    let verdict: string;
    if (claimedSource === 'neither') {
      outcome = f.total === 0 ? 'confirmed' : 'contradicted';
      verdict = f.total === 0 ? `${label}: nothing in either source, as claimed.` : `${label}: ${counts} — activity was found where none was expected.`;
    } else if (f.total === 0) {
      outcome = 'untested';
      verdict = `${label}: no activities at this stage in this data — the claim (${claimedSource}) is untested.`;
    } else {
      outcome = better === claimedSource || better === 'equal' ? 'confirmed' : 'contradicted';
      const lead = better === 'equal' ? 'both sources saw as many' : better === 'none' ? 'neither source saw any' : `the ${better} saw more`;
      const reason = reasonText(f);
      verdict = `${label}: ${counts} — ${lead}${outcome === 'contradicted' ? `, not the ${claimedSource} as claimed` : better === 'equal' ? ' (the claim holds)' : ', as claimed'}${reason ? `: ${reason}` : ''}.${costText(c)}`;
      if (better === 'none') outcome = 'contradicted';
    }
    return { stage, claim: CLAIM_TEXT[claimedSource], claimedSource, total: f.total, networkSeen: net, logsSeen: logs, better, outcome, verdict };
  });
}
