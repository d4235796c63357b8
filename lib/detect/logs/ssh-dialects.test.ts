// SSH password guessing gives the same answer whatever syslog dialect carried the sshd lines
// (issue 22 §8): a run of 14 failures within one minute, written as RFC 3164, RFC 5424, RFC 3339
// (rsyslog's ISO 8601) and journald's short-iso output, read through the real ingest path
// (upload → sniff → parse → COPY), is one guessing detection with 14 failures from the source,
// then one valid-account login. Fewer failures than the threshold (7) stay quiet in every dialect.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDetectors } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb } from '../../db/client';
import { runIngest } from '../../pipeline';
import { detectors } from '../registry';

afterAll(closeDb);

const logDetectors = detectors.filter((d) => d.source === 'logs');
const T0 = Date.parse('2026-12-04T20:01:51Z');
const SRC = '203.0.113.66';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One sshd message as each dialect writes it. */
const DIALECTS: Record<string, (t: Date, pid: number, msg: string) => string> = {
  'RFC 3164': (t, pid, msg) =>
    `${MONTHS[t.getUTCMonth()]} ${String(t.getUTCDate()).padStart(2, ' ')} ${t.toISOString().slice(11, 19)} alpha sshd[${pid}]: ${msg}`,
  'RFC 5424': (t, pid, msg) => `<38>1 ${t.toISOString()} alpha sshd ${pid} - - ${msg}`,
  'RFC 3339 (ISO 8601)': (t, pid, msg) => `${t.toISOString().replace('Z', '+00:00')} alpha sshd[${pid}]: ${msg}`,
  'journald short-iso': (t, pid, msg) => `${t.toISOString().slice(0, 19)}+0000 alpha sshd[${pid}]: ${msg}`,
};

function authLog(dialect: string, failures: number): string {
  const line = DIALECTS[dialect];
  if (!line) throw new Error(dialect);
  const out: string[] = [];
  for (let i = 0; i < failures; i++) {
    out.push(line(new Date(T0 + i * 4000), 9700 + Math.floor(i / 4), `Failed password for webadmin from ${SRC} port ${57300 + i} ssh2`));
  }
  out.push(line(new Date(T0 + 60_000), 10032, `Accepted password for webadmin from ${SRC} port 49246 ssh2`));
  return `${out.join('\n')}\n`;
}

async function analyze(text: string) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-ssh-'));
  const file = path.join(dir, 'auth.log');
  fs.writeFileSync(file, text);
  try {
    const a = await createAssessment({ name: 'ssh dialects' });
    const result = await runIngest(await addLocalUpload({ assessmentId: a, kind: 'logs', file }));
    expect(result?.errors ?? -1).toBe(0);
    return await runDetectors(a, logDetectors);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('SSH password guessing in every syslog dialect', () => {
  it.each(Object.keys(DIALECTS))('%s: 14 failures in a minute, then the login', async (dialect) => {
    const found = await analyze(authLog(dialect, 14));
    expect(found.map((d) => [d.detector, d.stage, d.technique, d.hostName, d.peer, d.evidenceIds.length])).toEqual([
      ['logs.ssh-bruteforce-success', 'delivery', 'T1078', 'alpha', SRC, 15],
      ['logs.ssh-password-guessing', 'exploitation', 'T1110.001', 'alpha', SRC, 14],
    ]);
    // RFC 3164 has no year (the parser infers it), so the start is compared from the month on.
    expect(
      found
        .find((d) => d.detector === 'logs.ssh-password-guessing')
        ?.startTs.toISOString()
        .slice(5),
    ).toBe(new Date(T0).toISOString().slice(5));
  });

  it.each(Object.keys(DIALECTS))('%s: 7 failures (below the threshold of 8) stay quiet', async (dialect) => {
    expect(await analyze(authLog(dialect, 7))).toEqual([]);
  });
});
