// Silent hosts said in words (issue 22 §9): one sentence per entry of the "Seen in flows, no
// logs" list, written once for the overview, the report, the share page and the stored
// blind-spot detail. The list itself is found and ranked by lib/correlate/blind-spots.ts.

export interface SilentHost {
  /** The address the flows show. */
  ip: string;
  /** The host it is mapped to, when one is (that host sent no logs). */
  host: string | null;
  /** Activities the address takes part in, as their host or their peer. */
  activities: number;
  /** Flows that involve the address. */
  flows: number;
  /** It is host or peer of the first of the chain (the earliest activity on a known host: kill-chain order, then time). */
  firstOfChain: boolean;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** "<address> takes part in N activities, among them the first of the chain, and sends no logs (M flows)." */
export function silentHostSentence(h: SilentHost): string {
  const who = h.host ? `${h.ip} (${h.host})` : h.ip;
  const flows = count(h.flows, 'flow', 'flows');
  if (h.activities === 0) {
    return `${who} sends no logs; it sent or answered traffic in ${flows} and takes part in no activity${h.host ? '' : ' (no host is mapped to it)'}.`;
  }
  const part = `takes part in ${count(h.activities, 'activity', 'activities')}`;
  const first = h.firstOfChain ? (h.activities === 1 ? ', the first of the chain,' : ', among them the first of the chain,') : '';
  return `${who} ${part}${first} and sends no logs (${flows}${h.host ? '' : '; no host is mapped to it'}).`;
}
