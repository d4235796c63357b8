// Per-assessment settings: every threshold is editable, defaults come from the detectors'
// declared anchors. Stored as JSON on the assessment; validated with zod on every write.
import { z } from 'zod';

export const DEFAULT_INTERNAL_RANGES = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10', // RFC 6598 shared address space (carrier-grade NAT)
  '127.0.0.0/8',
  '::1/128',
  'fc00::/7', // IPv6 unique local addresses
];

export const ZSettings = z.object({
  /** How far apart (seconds) two sources' views of one action may be and still merge. */
  toleranceSeconds: z.number().int().min(0).max(86_400).default(300),
  /** Extra slack for sources with coarse time (AWS VPC flow logs aggregate over up to 10 min). */
  coarseToleranceSeconds: z.number().int().min(0).max(86_400).default(600),
  internalRanges: z
    .array(z.string().regex(/^[0-9a-fA-F:.]+\/\d{1,3}$/))
    .min(1)
    .default(DEFAULT_INTERNAL_RANGES),
  /** A silence in one host's logs at least this long is reported as a log gap. */
  logGapSeconds: z
    .number()
    .int()
    .min(60)
    .default(2 * 3600),
  /** A silence in the whole flow export at least this long is reported as a flow gap. */
  flowGapSeconds: z.number().int().min(60).default(1800),
  /** Per detector: `enabled` and threshold overrides. */
  detectors: z.record(z.string(), z.record(z.string(), z.number())).default({}),
  /** Fail a whole upload when one of its files is not a known format (default: skip that file). */
  strictUploads: z.boolean().default(false),
});
export type Settings = z.infer<typeof ZSettings>;

export function readSettings(json: unknown): Settings {
  const parsed = ZSettings.safeParse(json ?? {});
  return parsed.success ? parsed.data : ZSettings.parse({});
}
