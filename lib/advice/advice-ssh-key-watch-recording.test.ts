// The ~/.ssh watch advice on recorded data (test/fixtures/recordings/webshop-intrusion): beta's
// auditd had execve rules and a watch on /root/.ssh only, and the key was planted in
// /home/deploy/.ssh — its execve records are what show the write. With the execve records of
// both hosts taken out (auditd with no execve rule, the common default; alpha's would otherwise
// detect the login from the client's side, logs.ssh-lateral-client), the advice must count exactly
// the recording's lateral_ssh_key_login_beta step (T1021.004 from alpha, 10.20.30.10), and as
// recorded (execve there) nothing: the logs already detect that login.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb } from '../db/client';
import { runAnalyze, runIngest } from '../pipeline';
import { getCompareSide } from '../queries/get-compare-side';
import { getAdvice } from './advice';

const recording = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'recordings', 'webshop-intrusion');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-keywatch-'));

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The audit.log without the events of one rule key (every record sharing an event's serial). */
function withoutKey(text: string, key: string): string {
  const serial = /msg=audit\(([0-9.]+:[0-9]+)\)/;
  const lines = text.split('\n');
  const drop = new Set(lines.filter((l) => / type=SYSCALL /.test(` ${l}`) && l.includes(`key="${key}"`)).map((l) => serial.exec(l)?.[1]));
  return lines.filter((l) => !drop.has(serial.exec(l)?.[1])).join('\n');
}

async function analyse(name: string, logs: string): Promise<string> {
  const id = await createAssessment({ name });
  for (const [kind, file] of [
    ['logs', logs],
    ['flows', path.join(recording, 'flows.csv')],
    ['inventory', path.join(recording, 'inventory.csv')],
  ] as const)
    await runIngest(await addLocalUpload({ assessmentId: id, kind, file }));
  await runAnalyze(id);
  return id;
}

describe('~/.ssh watch advice on the webshop recording', () => {
  it('counts the planted-key login exactly when alpha and beta have no execve records, and nothing as recorded', async () => {
    const logs = path.join(dir, 'bundle');
    fs.mkdirSync(logs);
    execFileSync('tar', ['xzf', path.join(recording, 'logbundle.tar.gz'), '-C', logs]);
    const asRecorded = await analyse('webshop as recorded', logs);
    expect((await getAdvice(asRecorded)).filter((a) => a.kind === 'auditd-ssh-key-watch')).toEqual([]);

    for (const host of ['alpha', 'beta']) {
      const audit = path.join(logs, host, 'var', 'log', 'audit', 'audit.log');
      const before = fs.readFileSync(audit, 'utf8');
      const stripped = withoutKey(before, 'user_exec');
      expect(stripped.length).toBeLessThan(before.length);
      fs.writeFileSync(audit, stripped);
    }
    const id = await analyse('webshop, alpha and beta without execve rules', logs);
    const advice = (await getAdvice(id)).filter((a) => a.kind === 'auditd-ssh-key-watch');
    expect(advice.map((a) => [a.host, a.activitiesGained, a.lines.at(-1)])).toEqual([['beta', 1, '-w /home/deploy/.ssh -p wa -k userkey']]);
    const side = await getCompareSide(id);
    const counted = side.activities.filter((a) => advice[0]?.activityIds.includes(a.id));
    expect(counted.map((a) => [a.technique, a.host, a.peer, a.logs])).toEqual([['T1021.004', 'beta', '10.20.30.10', 'evidence']]);
  }, 300_000);
});
