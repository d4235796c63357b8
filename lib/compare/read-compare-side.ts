// A side of a comparison read from a file the user names: `sightline analyze --json` output.
// Validated, not trusted: a foreign or truncated file gets one clear reason.
import { z } from 'zod';
import type { CompareSide } from './compare-assessments';

const ZActivity = z.object({
  id: z.string(),
  stage: z.string(),
  technique: z.string(),
  host: z.string().nullable(),
  hostIps: z.array(z.string()).optional(),
  peer: z.string().nullable(),
  start: z.string(),
  end: z.string().optional(),
  network: z.string(),
  logs: z.string(),
  summary: z.string(),
});

const ZBlindSpot = z.object({ kind: z.string(), source: z.string(), host: z.string().nullable(), ip: z.string().nullable(), detail: z.string() });

export const ZAnalyzeJsonSide = z.object({
  assessmentId: z.string(),
  name: z.string().optional(),
  analyzedAt: z.string().nullable().optional(),
  activities: z.array(ZActivity),
  blindSpots: z.array(ZBlindSpot).optional(),
});

export function readCompareSide(text: string, label: string): CompareSide {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${label}: not JSON (${(err as Error).message.slice(0, 120)})`);
  }
  const r = ZAnalyzeJsonSide.safeParse(json);
  if (!r.success) {
    const first = r.error.issues[0];
    throw new Error(`${label}: not a "sightline analyze --json" document (${first ? `${first.path.join('.') || 'document'}: ${first.message}` : 'invalid'})`);
  }
  return { name: r.data.name ?? label, analyzedAt: r.data.analyzedAt ?? null, activities: r.data.activities, blindSpots: r.data.blindSpots };
}
