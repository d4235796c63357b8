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

export type Source = 'network' | 'logs';
export type Visibility = 'detected' | 'evidence' | 'blind';
