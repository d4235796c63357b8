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
/** What one source saw of an activity. */
export const VISIBILITIES = ['detected', 'evidence', 'blind'] as const;
export type Visibility = (typeof VISIBILITIES)[number];

/**
 * SQL for a stage's place in kill-chain order, with `STAGES` bound as parameter `$n`: the
 * order lives only in `STAGES`, never as a literal inside a query.
 */
export function stageOrderSql(n: number, stage = 'stage'): string {
  return `array_position($${n}::text[], ${stage})`;
}

/** ATT&CK tactics (enterprise, v18 names) whose techniques detectors report. */
export const TACTICS = [
  'reconnaissance',
  'resource-development',
  'initial-access',
  'execution',
  'persistence',
  'privilege-escalation',
  'defense-evasion',
  'credential-access',
  'discovery',
  'lateral-movement',
  'collection',
  'command-and-control',
  'exfiltration',
  'impact',
] as const;
export type Tactic = (typeof TACTICS)[number];

/**
 * The configured ATT&CK tactic → kill-chain stage mapping: Splunk contentctl's
 * ATTACK_TACTICS_KILLCHAIN_MAPPING (docs/ANCHORS.md#kill-chain-mapping). A detector whose
 * technique belongs to a tactic takes its stage from here (`stageOfTactic`), never a literal.
 */
export const TACTIC_STAGES: Readonly<Record<Tactic, Stage>> = {
  reconnaissance: 'recon',
  'resource-development': 'weaponization',
  'initial-access': 'delivery',
  execution: 'installation',
  persistence: 'installation',
  'privilege-escalation': 'exploitation',
  'defense-evasion': 'exploitation',
  'credential-access': 'exploitation',
  discovery: 'exploitation',
  'lateral-movement': 'exploitation',
  collection: 'exploitation',
  'command-and-control': 'c2',
  exfiltration: 'actions',
  impact: 'actions',
};

export function stageOfTactic(tactic: Tactic): Stage {
  return TACTIC_STAGES[tactic];
}
