// Source switches of the generator: each one is a change an advice kind recommends
// (lib/advice/advice.ts), so a test can generate a scenario with the source as it is, take the
// activities the advice counted, generate again with the source changed (same seed) and check
// that exactly those turned visible. Left out, every switch keeps today's output.

import { z } from 'zod';
import type { World } from './world';

export const ZSources = z.object({
  /** The DMZ firewall exports every packet (sampling 1) instead of 1 in `world.samplingInterval`. */
  unsampledEdge: z.boolean().optional(),
  /**
   * The log bundle holds only the last `retentionDays` of every host's logs (logrotate and
   * auditd rotated the rest away); fractions allowed (0.125 = 3 hours). Left out: all kept.
   */
  retentionDays: z.number().positive().max(365).optional(),
});
export type Sources = z.infer<typeof ZSources>;

export function edgeSampling(world: World, sources: Sources | undefined): number {
  return sources?.unsampledEdge ? 1 : world.samplingInterval;
}

/** The first time the bundle keeps lines of (−∞ without a retention limit). */
export function logsKeptFrom(world: World, sources: Sources | undefined): number {
  const days = sources?.retentionDays;
  return days === undefined ? Number.NEGATIVE_INFINITY : world.endMs - Math.round(days * 86_400_000);
}
