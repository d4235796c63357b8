// The app's "load demo data" button: a small but complete scenario — 8 hosts, 6 hours, both
// attacks, fixed seed 7 — that generates in well under two seconds.

import { type GenerateResult, generateScenario } from './generate-scenario';

// Office hours, so the haystack (browsing, admins at work) is there too.
export const DEMO_OPTIONS = { hosts: 8, days: 0.25, seed: 7, start: '2026-03-02T08:00:00Z', attacks: ['ssh-intrusion', 'web-exploit'] } as const;

export function generateDemo(outDir: string): Promise<GenerateResult> {
  return generateScenario({ outDir, ...DEMO_OPTIONS, attacks: [...DEMO_OPTIONS.attacks] });
}
