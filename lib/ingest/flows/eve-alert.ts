// Suricata EVE `alert` events as network IDS alerts (IdsAlertRecord): the sensor's own
// detections, which the detector `network.ids-alert` reports like any network detection.
//
// Stage and technique, in this order (docs/ANCHORS.md#suricata-classtype):
// 1. the rule's ATT&CK metadata — ET Open/Pro rules carry `mitre_tactic_id` (TA0001 …) and
//    `mitre_technique_id` (T1190 …); other rule sets write `mitre_attack` (t1190). The tactic
//    gives the stage through the one tactic → stage mapping (lib/stages.ts);
// 2. otherwise the rule's classtype, which EVE writes as its description (`alert.category`,
//    "Web Application Attack"): Suricata's etc/classification.config names 40 classtypes; those
//    that say what the attacker did map to one ATT&CK tactic and technique below. The others
//    ("Not Suspicious Traffic", "Misc activity", "Potentially Bad Traffic", "Misc Attack" —
//    reputation lists —, "Potential Corporate Privacy Violation", protocol decode events) say
//    nothing about a step of an intrusion: such an alert is stored and counted, never a detection.
import type { IdsAlertRecord } from '../../records/records';
import { stageOfTactic, TACTICS, type Tactic } from '../../stages';
import type { ParseBatch } from '../types';
import { BatchCollector } from './line-splitter';

type Entry = Record<string, unknown>;

/** ATT&CK enterprise tactic ids (attack.mitre.org/tactics/enterprise). */
const TACTIC_IDS: Readonly<Record<string, Tactic>> = {
  TA0043: 'reconnaissance',
  TA0042: 'resource-development',
  TA0001: 'initial-access',
  TA0002: 'execution',
  TA0003: 'persistence',
  TA0004: 'privilege-escalation',
  TA0005: 'defense-evasion',
  TA0006: 'credential-access',
  TA0007: 'discovery',
  TA0008: 'lateral-movement',
  TA0009: 'collection',
  TA0011: 'command-and-control',
  TA0010: 'exfiltration',
  TA0040: 'impact',
};

/**
 * Suricata classtypes (etc/classification.config, keyed by the description EVE writes, lower
 * case) that name an attacker's step, with the ATT&CK tactic and technique of that step.
 */
export const CLASSTYPE_ATTACK: Readonly<Record<string, { classtype: string; tactic: Tactic; technique: string }>> = {
  'attempted information leak': { classtype: 'attempted-recon', tactic: 'reconnaissance', technique: 'T1595' },
  'information leak': { classtype: 'successful-recon-limited', tactic: 'reconnaissance', technique: 'T1595' },
  'large scale information leak': { classtype: 'successful-recon-largescale', tactic: 'reconnaissance', technique: 'T1595' },
  'detection of a network scan': { classtype: 'network-scan', tactic: 'reconnaissance', technique: 'T1595.001' },
  'web application attack': { classtype: 'web-application-attack', tactic: 'initial-access', technique: 'T1190' },
  'attempted administrator privilege gain': { classtype: 'attempted-admin', tactic: 'initial-access', technique: 'T1190' },
  'successful administrator privilege gain': { classtype: 'successful-admin', tactic: 'initial-access', technique: 'T1190' },
  'attempted user privilege gain': { classtype: 'attempted-user', tactic: 'initial-access', technique: 'T1190' },
  'unsuccessful user privilege gain': { classtype: 'unsuccessful-user', tactic: 'initial-access', technique: 'T1190' },
  'successful user privilege gain': { classtype: 'successful-user', tactic: 'initial-access', technique: 'T1190' },
  'executable code was detected': { classtype: 'shellcode-detect', tactic: 'initial-access', technique: 'T1190' },
  'exploit kit activity detected': { classtype: 'exploit-kit', tactic: 'initial-access', technique: 'T1189' },
  'possible social engineering attempted': { classtype: 'social-engineering', tactic: 'initial-access', technique: 'T1566' },
  'successful credential theft detected': { classtype: 'credential-theft', tactic: 'initial-access', technique: 'T1566' },
  'attempt to login by a default username and password': { classtype: 'default-login-attempt', tactic: 'initial-access', technique: 'T1078.001' },
  'an attempted login using a suspicious username was detected': { classtype: 'suspicious-login', tactic: 'credential-access', technique: 'T1110' },
  'device retrieving external ip address detected': { classtype: 'external-ip-check', tactic: 'discovery', technique: 'T1016' },
  'a network trojan was detected': { classtype: 'trojan-activity', tactic: 'command-and-control', technique: 'T1071' },
  'malware command and control activity detected': { classtype: 'command-and-control', tactic: 'command-and-control', technique: 'T1071' },
  'domain observed used for c2 detected': { classtype: 'domain-c2', tactic: 'command-and-control', technique: 'T1071' },
  'attempted denial of service': { classtype: 'attempted-dos', tactic: 'impact', technique: 'T1499' },
  'denial of service': { classtype: 'successful-dos', tactic: 'impact', technique: 'T1499' },
  'detection of a denial of service attack': { classtype: 'denial-of-service', tactic: 'impact', technique: 'T1498' },
  'crypto currency mining activity detected': { classtype: 'coin-mining', tactic: 'impact', technique: 'T1496' },
};

function obj(value: unknown): Entry | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Entry) : undefined;
}

/** The metadata values of `key` (EVE writes each as an array of strings). */
function metaValues(meta: Entry | undefined, key: string): string[] {
  const v = meta?.[key];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter((x): x is string => typeof x === 'string');
}

/** The ATT&CK technique the rule's metadata names (`mitre_technique_id`, or `mitre_attack`). */
export function metadataTechnique(meta: Entry | undefined): string | undefined {
  for (const raw of [...metaValues(meta, 'mitre_technique_id'), ...metaValues(meta, 'mitre_attack')]) {
    const t = raw.trim().toUpperCase();
    if (/^T\d{4}(\.\d{3})?$/.test(t)) return t;
  }
  return undefined;
}

/** The ATT&CK tactic the rule's metadata names (`mitre_tactic_id` TA0001, or `mitre_tactic_name` Initial_Access). */
export function metadataTactic(meta: Entry | undefined): Tactic | undefined {
  for (const raw of metaValues(meta, 'mitre_tactic_id')) {
    const t = TACTIC_IDS[raw.trim().toUpperCase()];
    if (t !== undefined) return t;
  }
  for (const raw of metaValues(meta, 'mitre_tactic_name')) {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/[_\s]+/g, '-') as Tactic;
    if ((TACTICS as readonly string[]).includes(name)) return name;
  }
  return undefined;
}

/** Stage and technique of an alert (see the head of this file); stage undefined: no defensible stage. */
export function alertAttack(alert: Entry | undefined): { stage?: string; technique?: string } {
  const meta = obj(alert?.metadata);
  const category = typeof alert?.category === 'string' ? alert.category.trim().toLowerCase() : '';
  const byClass = CLASSTYPE_ATTACK[category];
  const technique = metadataTechnique(meta) ?? byClass?.technique;
  const tactic = metadataTactic(meta) ?? byClass?.tactic;
  return { stage: tactic === undefined ? undefined : stageOfTactic(tactic), technique };
}

function port(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535 ? value : 0;
}

/**
 * The alert of an EVE `alert` event, or the reason it cannot be one. Addresses, protocol and time
 * are read by the caller with the same rules as the flow events.
 */
export function eveAlert(e: Entry, lineNo: number, common: { tsMs: number; srcIp: string; dstIp: string; proto: number }): IdsAlertRecord | string {
  const a = obj(e.alert);
  if (a === undefined) return 'alert event without its "alert" object';
  const signature = typeof a.signature === 'string' && a.signature.trim() !== '' ? a.signature.slice(0, 500) : undefined;
  const sid = typeof a.signature_id === 'number' && Number.isInteger(a.signature_id) && a.signature_id >= 0 ? a.signature_id : undefined;
  if (signature === undefined && sid === undefined) return 'alert without a signature or signature_id';
  const isIcmp = e.icmp_type !== undefined;
  const record: IdsAlertRecord = {
    lineNo,
    tsMs: common.tsMs,
    srcIp: common.srcIp,
    dstIp: common.dstIp,
    srcPort: isIcmp ? 0 : port(e.src_port),
    dstPort: isIcmp ? port(e.icmp_type) * 256 + port(e.icmp_code) : port(e.dest_port),
    proto: common.proto,
    signature: signature ?? `signature ${sid}`,
  };
  if (sid !== undefined && sid <= 2 ** 31 - 1) record.signatureId = sid;
  if (typeof a.category === 'string' && a.category.trim() !== '') record.category = a.category.slice(0, 200);
  if (typeof a.severity === 'number' && Number.isInteger(a.severity) && a.severity >= 1 && a.severity <= 255) record.severity = a.severity;
  const { stage, technique } = alertAttack(a);
  if (stage !== undefined) record.stage = stage;
  if (technique !== undefined) record.technique = technique;
  if (typeof e.flow_id === 'number' && Number.isSafeInteger(e.flow_id) && e.flow_id >= 0) record.flowId = String(e.flow_id);
  return record;
}

/** The line collector of the EVE parser, which also hands on the alerts of each batch. */
export class EveCollector<R> extends BatchCollector<R> {
  alerts: IdsAlertRecord[] = [];

  override take(): ParseBatch<R> {
    const batch: ParseBatch<R> = super.take();
    if (this.alerts.length > 0) {
      batch.alerts = this.alerts;
      this.alerts = [];
    }
    return batch;
  }
}
