// The closed sets of values Sightline stores in text columns, each written once. TypeScript
// unions and zod schemas derive from these lists, and migration
// 20261204000000_rules_and_value_checks holds one CHECK constraint per column;
// test/schema-agrees.test.ts proves CHECKED_COLUMNS, the constraints and the `// a | b`
// comments of prisma/schema.prisma name the same values. A new value is a new migration.
import { z } from 'zod';
import { SEVERITIES } from './severity';
import { SOURCES, STAGES, VISIBILITIES } from './stages';

export { SEVERITIES, type Severity } from './severity';
export { SOURCES, type Source, STAGES, type Stage, VISIBILITIES, type Visibility } from './stages';

/** assessment.status. `cancelling`: deleted while its pipeline runs (lib/assessments/delete.ts). */
export const ASSESSMENT_STATES = ['pending', 'ingesting', 'analyzing', 'ready', 'failed', 'cancelling'] as const;
export type AssessmentState = (typeof ASSESSMENT_STATES)[number];
export const ZAssessmentState = z.enum(ASSESSMENT_STATES);

/** upload.status */
export const UPLOAD_STATES = ['queued', 'ingesting', 'done', 'failed'] as const;
export type UploadState = (typeof UPLOAD_STATES)[number];
export const ZUploadState = z.enum(UPLOAD_STATES);

/** upload.kind (what the user said the file holds) and source_file.kind (what it was read as). */
export const FILE_KINDS = ['logs', 'flows', 'inventory'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const ZFileKind = z.enum(FILE_KINDS);

/**
 * host.source and host_address.source: where Sightline learned a host or address. `hosts-file`
 * is an /etc/hosts in a bundle; `folder` is reserved for hosts named by a bundle's folders.
 */
export const HOST_SOURCES = ['inventory', 'hosts-file', 'logs', 'folder', 'manual'] as const;
export type HostSource = (typeof HOST_SOURCES)[number];
/** host_address.source: a host's sources, and `flows` (co-occurrence of its log peers with the flows). */
export const ADDRESS_SOURCES = [...HOST_SOURCES, 'flows'] as const;
export type AddressSource = (typeof ADDRESS_SOURCES)[number];

/** host_fact.kind: what a bundle's file states about its host. */
export const HOST_FACT_KINDS = ['name', 'address'] as const;
export type HostFactKind = (typeof HOST_FACT_KINDS)[number];

/** blind_spot.kind */
export const BLIND_SPOT_KINDS = ['host_without_logs', 'host_without_flows', 'log_gap', 'flow_gap', 'audit_rules_missing'] as const;
export type BlindSpotKind = (typeof BLIND_SPOT_KINDS)[number];

/** login_attempt.scope */
export const ATTEMPT_SCOPES = ['login', 'share'] as const;
export type AttemptScope = (typeof ATTEMPT_SCOPES)[number];

/** Every column with a CHECK constraint, `table.column` → its allowed values. */
export const CHECKED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  'assessment.status': ASSESSMENT_STATES,
  'upload.kind': FILE_KINDS,
  'upload.status': UPLOAD_STATES,
  'source_file.kind': FILE_KINDS,
  'host.source': HOST_SOURCES,
  'host_address.source': ADDRESS_SOURCES,
  'host_fact.kind': HOST_FACT_KINDS,
  'detection.source': SOURCES,
  'detection.stage': STAGES,
  'detection.severity': SEVERITIES,
  'activity.stage': STAGES,
  'activity.network': VISIBILITIES,
  'activity.logs': VISIBILITIES,
  'activity.severity': SEVERITIES,
  'activity_evidence.source': SOURCES,
  'blind_spot.kind': BLIND_SPOT_KINDS,
  'blind_spot.source': SOURCES,
  'login_attempt.scope': ATTEMPT_SCOPES,
};
