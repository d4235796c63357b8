// Runs the machine's reference work (node-reference.ts) in a fresh process and returns its median, ms.
import path from 'node:path';
import { runChild } from './child';
import type { NodeReferenceResult } from './node-reference';

export async function nodeReferenceMs(): Promise<number> {
  const run = await runChild<NodeReferenceResult>(path.join(import.meta.dirname, 'node-reference.ts'), {});
  return run.result.ms;
}
