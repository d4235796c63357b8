import { expect, it } from 'vitest';
import { describeFixtures } from '../../../test/fixtures';
import { contextFor, readFixture } from '../../../test/kits/audit-fixtures';
import { parseWithSplits } from '../../../test/kits/chunk-parser';
import type { LogRecord } from '../../records/records';
import { createAuditdParser } from './auditd';

// go-libaudit's aucoalesce goldens: raw events (YAML) and the events it builds from them.
// Every test case must give one Sightline event whose process, ids, result, network and
// command line agree with go-libaudit's.

const DIR = 'logs/auditd/go-libaudit/aucoalesce/testdata';
const FILES = [
  'random-internet',
  'rhel-7-linux-3.10.0',
  'ubuntu-16.04-linux-4.13.0',
  'ubuntu-16.10-linux-4.8.0',
  'ubuntu-17.04-linux-4.10.0',
  'ubuntu-20.04.6-linux-5.15.0-1034-gcp',
  'ubuntu-21.10-linux-5.13',
  'ubuntu-24.04-linux-6.8.0',
];

/** The `tests:` map of these YAML files: `name: |` (kept lines) or `name: >` (folded) blocks. */
function readCases(yaml: string): Map<string, string> {
  const cases = new Map<string, string>();
  let name: string | undefined;
  let folded = false;
  let lines: string[] = [];
  const flush = () => {
    if (name !== undefined) cases.set(name, (folded ? lines.join(' ') : lines.join('\n')).trim());
  };
  for (const line of yaml.split('\n')) {
    const head = /^ {2}(\S.*?):\s*([|>])-?\s*$/.exec(line);
    if (head !== null) {
      flush();
      name = (head[1] as string).replace(/^"|"$/g, '');
      folded = head[2] === '>';
      lines = [];
    } else if (name !== undefined && line.startsWith('    ')) {
      lines.push(line.slice(4));
    }
  }
  flush();
  return cases;
}

interface Golden {
  test_name: string;
  event: {
    '@timestamp': string;
    result: string;
    user?: { ids?: Record<string, string> };
    process?: { pid?: string; ppid?: string; exe?: string; cwd?: string; args?: string[] };
    source?: { ip?: string; port?: string };
    destination?: { ip?: string; port?: string };
  };
}

const id = (v: string | undefined) => (v === undefined || v === 'unset' ? undefined : Number(v));

describeFixtures('auditd: go-libaudit aucoalesce goldens', () => {
  it.each(FILES)('%s', (file) => {
    const cases = readCases(readFixture(`${DIR}/${file}.yaml`).toString());
    const goldens = JSON.parse(readFixture(`${DIR}/${file}.json.golden`).toString()) as Golden[];
    expect(goldens.length).toBeGreaterThan(0);
    for (const { test_name: name, event: g } of goldens) {
      const text = cases.get(name);
      expect(text, name).toBeDefined();
      const parsed = parseWithSplits(() => createAuditdParser(contextFor(name)), Buffer.from(text ?? ''), { maxChunk: 7, randomRuns: 2 });
      expect(parsed.invalid, name).toEqual([]);
      expect(parsed.records, name).toHaveLength(1);
      const ev = parsed.records[0] as LogRecord;
      expect(ev.tsMs, name).toBe(Date.parse(g['@timestamp']));
      const p = g.process ?? {};
      if (p.pid !== undefined) expect(ev.pid, name).toBe(Number(p.pid));
      if (p.ppid !== undefined) expect(ev.ppid, name).toBe(Number(p.ppid));
      if (p.exe !== undefined) expect(ev.exe, name).toBe(p.exe);
      if (p.cwd !== undefined) expect(ev.cwd, name).toBe(p.cwd);
      if (p.args !== undefined) expect(ev.argv, name).toEqual(p.args);
      const ids = g.user?.ids ?? {};
      if ('auid' in ids) expect(ev.auid, name).toBe(id(ids.auid));
      if ('uid' in ids) expect(ev.uid, name).toBe(id(ids.uid));
      if ('euid' in ids) expect(ev.euid, name).toBe(id(ids.euid));
      // go-libaudit says "fail" for a connect in progress (EINPROGRESS); Sightline keeps that apart.
      const expected = g.result === 'success' ? ['success'] : g.result === 'fail' ? ['failed', 'in_progress'] : [undefined, g.result];
      expect(expected, name).toContain(ev.result);
      if (g.destination?.ip !== undefined) expect([ev.dstIp, ev.dstPort], name).toEqual([g.destination.ip, Number(g.destination.port)]);
      if (g.source?.ip !== undefined) expect(ev.srcIp, name).toBe(g.source.ip);
      if (g.source?.port !== undefined) expect(ev.srcPort, name).toBe(Number(g.source.port));
    }
  });
});
