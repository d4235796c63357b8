// The seven Lockheed Martin kill-chain stages, in order. Weaponization happens in the
// attacker's own environment: neither the network nor the logs of the defender can see it.
export const STAGES = ['recon', 'weaponization', 'delivery', 'exploitation', 'installation', 'c2', 'actions'] as const;
export type Stage = (typeof STAGES)[number];

export const STAGE_LABELS: Record<Stage, string> = {
  recon: 'Reconnaissance',
  weaponization: 'Weaponization',
  delivery: 'Delivery',
  exploitation: 'Exploitation',
  installation: 'Installation',
  c2: 'Command & Control',
  actions: 'Actions on Objectives',
};

export const UNOBSERVABLE_STAGES: ReadonlySet<Stage> = new Set(['weaponization']);

export const SOURCES = ['network', 'logs'] as const;
export type Source = (typeof SOURCES)[number];
/**
 * What one source saw of an activity. `unknown`: the source cannot be tied to the activity's
 * host at all (no log ever came from it; it has no address a flow carries), so its silence says
 * nothing — neither evidence nor blind.
 */
export const VISIBILITIES = ['detected', 'evidence', 'blind', 'unknown'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * SQL for a stage's place in kill-chain order, with `STAGES` bound as parameter `$n`: the
 * order lives only in `STAGES`, never as a literal inside a query.
 */
export function stageOrderSql(n: number, stage = 'stage'): string {
  return `array_position($${n}::text[], ${stage})`;
}
