// Every detector, and the thresholds in force for an assessment.
import type { Settings } from '../settings';
import { sshPasswordGuessing } from './logs/ssh-password-guessing';
import { addressScan } from './network/address-scan';
import { portScan } from './network/port-scan';
import type { Detector } from './types';

export const detectors: readonly Detector[] = [portScan, addressScan, sshPasswordGuessing];

/** Defaults merged with the assessment's overrides; `enabled` (1/0) is a pseudo-threshold. */
export function thresholdsFor(detector: Detector, settings: Settings): Record<string, number> {
  const out: Record<string, number> = { enabled: 1 };
  for (const [k, spec] of Object.entries(detector.thresholds)) out[k] = spec.default;
  return { ...out, ...(settings.detectors[detector.id] ?? {}) };
}
