// Whether an activity's technique answers for a truth step's: one rule for the generated
// evaluation (evaluate.ts) and the recordings' judge (recording.ts).
import { mergeKeyOf, techniqueIdOf } from '../correlate/correlate';

/**
 * The same id; a sub-technique of the step's (T1595.001 answers for T1595, but a bare T1071 does
 * not say DNS, T1071.004); or one the correlation merges with it into one activity (T1021.004 for
 * T1078: the wire sees the session, sshd names the account). A sibling does not (T1070.003 is not
 * T1070.004). Either side may carry its name (`T1071.001 Web Protocols`).
 */
export function answersTechnique(activity: string | undefined, step: string): boolean {
  const a = techniqueIdOf(activity ?? '');
  const s = techniqueIdOf(step);
  if (!a || !s) return false;
  return a === s || a.startsWith(`${s}.`) || mergeKeyOf(a) === mergeKeyOf(s);
}
