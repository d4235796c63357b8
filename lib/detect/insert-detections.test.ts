import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newAssessment, runDetectors } from '../../test/kits/detect';
import { closeDb } from '../db/client';
import { severityOf } from '../severity';
import { defineDetector } from './insert-detections';

afterAll(closeDb);

const findings = (host: string) => `SELECT ${host} AS host, '203.0.113.9'::inet AS peer, TIMESTAMPTZ '2024-03-07 10:00Z' AS start_ts,
    TIMESTAMPTZ '2024-03-07 10:05Z' AS end_ts, s AS score, format('score %s', s) AS summary, ARRAY[7, 8]::bigint[] AS evidence_ids
  FROM unnest($2::float8[]) AS s`;

const base = { title: 't', description: 'd', thresholds: {}, params: () => [[0.5, 0.7, 0.9, 0.95, 1]] };

describe('insertDetections', () => {
  it('writes the declared identity, the host column of the source, and severity from the stored score', async () => {
    const a = await newAssessment();
    const net = defineDetector({
      ...base,
      id: 'test.net',
      source: 'network',
      stage: 'recon',
      techniques: ['T1046', 'T1595'],
      select: findings(`'10.0.0.5'::inet`),
    });
    const found = await runDetectors(a, [net]);
    expect(found.map((d) => [d.detector, d.stage, d.technique, d.hostIp, d.hostName, d.peer, d.score, d.severity, d.evidenceIds])).toEqual(
      [0.5, 0.7, 0.9, 0.95, 1].map((s) => ['test.net', 'recon', 'T1046', '10.0.0.5', null, '203.0.113.9', s, severityOf(s), [7n, 8n]]),
    );
    expect(found.map((d) => d.severity)).toEqual(['low', 'medium', 'high', 'critical', 'critical']);
  });

  it('puts a log detector host in host_name and takes a per-row technique when declared', async () => {
    const a = await newAssessment();
    const logs = defineDetector({
      ...base,
      id: 'test.logs',
      source: 'logs',
      stage: 'c2',
      techniques: ['T1071'],
      select: `SELECT CASE WHEN x.score >= 0.9 THEN 'T1573' ELSE 'T1071' END AS technique, x.* FROM (${findings(`'web01'`)}) x`,
      technique: 'x.technique',
    });
    const found = await runDetectors(a, [logs]);
    expect(found.map((d) => [d.hostName, d.hostIp, d.technique])).toEqual([
      ['web01', null, 'T1071'],
      ['web01', null, 'T1071'],
      ['web01', null, 'T1573'],
      ['web01', null, 'T1573'],
      ['web01', null, 'T1573'],
    ]);
  });

  it('is the only INSERT into detection in lib/ (the detectors beside the analysis copy the rows it wrote)', () => {
    const lib = path.join(import.meta.dirname, '..');
    const files = fs.readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
    const writers = files
      .filter((f) => /INSERT INTO detection\b|into = 'detection'|COPY detection\b/.test(fs.readFileSync(path.join(lib, f), 'utf8')))
      .map((f) => f.replaceAll(path.sep, '/'));
    expect(writers.sort()).toEqual(['detect/insert-detections.ts', 'pipeline/detect-beside.ts']);
  });
});
