// Each advice kind applied on generated data: the scenario generated with the source as it is,
// the activities the advice counted, the same seed generated again with the source switch on
// (lib/generate/sources.ts), and the comparison (matched by host, technique and peer) must show
// exactly the counted activities turning visible to the source the advice improves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { activityKey, type CompareActivity, compareAssessments as compareSides } from '../compare/compare-assessments';
import { closeDb } from '../db/client';
import { DEMO_OPTIONS } from '../generate/demo';
import { type GenerateResult, generateScenario } from '../generate/generate-scenario';
import type { Sources } from '../generate/sources';
import { runAnalyze, runIngest } from '../pipeline';
import { getCompareSide } from '../queries/get-compare-side';
import { type Advice, getAdvice } from './advice';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-advice-'));

afterAll(async () => {
  await closeDb();
  fs.rmSync(dir, { recursive: true, force: true });
});

function generate(name: string, sources?: Sources): Promise<GenerateResult> {
  return generateScenario({ outDir: path.join(dir, name), ...DEMO_OPTIONS, attacks: [...DEMO_OPTIONS.attacks], ...(sources ? { sources } : {}) });
}

type Pick = (files: GenerateResult['files']) => { kind: 'logs' | 'flows' | 'inventory'; file: string }[];

async function analyse(name: string, g: GenerateResult, pick: Pick): Promise<string> {
  const id = await createAssessment({ name });
  for (const i of pick(g.files)) await runIngest(await addLocalUpload({ assessmentId: id, ...i }));
  await runAnalyze(id);
  return id;
}

/** Generate without and with the source, apply the advice of `kind`, return what it counted and what turned visible. */
async function apply(kind: Advice['kind'], off: Sources | undefined, on: Sources | undefined, pick: Pick) {
  const beforeId = await analyse(`${kind} off`, await generate(`${kind}-off`, off), pick);
  const afterId = await analyse(`${kind} on`, await generate(`${kind}-on`, on), pick);
  const advice = (await getAdvice(beforeId)).filter((a) => a.kind === kind);
  const source = advice[0]?.source ?? 'logs';
  const comparison = compareSides(await getCompareSide(beforeId), await getCompareSide(afterId));
  const gained = comparison.activities
    .filter((c) => c.before && c.after && c.gained.includes(source))
    .map((c) => c.before?.id as string)
    .sort();
  if (process.env.ADVICE_DEBUG) {
    const all = await getAdvice(beforeId);
    for (const c of comparison.activities.filter((x) => x.before && x.after && x.gained.includes(source)))
      console.log(JSON.stringify({ ...c.before, by: all.filter((a) => a.activityIds.includes(c.before?.id as string)).map((a) => a.kind) }));
  }
  return { advice, counted: advice.flatMap((a) => a.activityIds).sort(), gained };
}

/** The log bundle folder without any audit/audit.log: hosts that do not run auditd. */
function withoutAuditd(logsDir: string): string {
  const out = `${logsDir}-no-audit`;
  // Timestamps kept: the RFC 3164 year is inferred from the files' times.
  fs.cpSync(logsDir, out, { recursive: true, preserveTimestamps: true });
  for (const host of fs.readdirSync(out)) fs.rmSync(path.join(out, host, 'var', 'log', 'audit'), { recursive: true, force: true });
  return out;
}

describe('each advice kind, applied by re-generating with its source on', () => {
  it('unsampled export: the activities the sampled edge exporter dropped are exactly those unsampled export shows', async () => {
    const { advice, counted, gained } = await apply('unsampled-export', undefined, { unsampledEdge: true }, (f) => [
      { kind: 'logs', file: f.logsDir },
      { kind: 'flows', file: f.flows[1] as string },
      { kind: 'inventory', file: f.inventory },
    ]);
    expect(advice.length).toBeGreaterThan(0);
    expect(advice[0]?.why).toMatch(/1-in-10 sampling/);
    expect(counted.length).toBeGreaterThan(0);
    expect(counted).toEqual(gained);
  }, 300_000);

  it('longer retention: the activities before the earliest kept log are exactly those full retention shows to the logs', async () => {
    const { advice, counted, gained } = await apply('longer-retention', { retentionDays: 0.15 }, undefined, (f) => [
      { kind: 'logs', file: f.logsDir },
      { kind: 'flows', file: f.flows[0] as string },
      { kind: 'flows', file: f.flows[1] as string },
      { kind: 'inventory', file: f.inventory },
    ]);
    expect(advice.length).toBeGreaterThan(0);
    expect(advice[0]?.lines).toContain('daily');
    expect(counted.length).toBeGreaterThan(0);
    expect(counted).toEqual(gained);
  }, 300_000);

  it('web access logs: the activities with HTTP sessions into a web server without access log are exactly those its access log shows', async () => {
    // No auditd anywhere: the web exploit's shell leaves nothing, so only the access log could show it.
    const { advice, counted, gained } = await apply('web-access-log', undefined, { webAccessLogs: true }, (f) => [
      { kind: 'logs', file: withoutAuditd(f.logsDir) },
      { kind: 'flows', file: f.flows[0] as string },
      { kind: 'flows', file: f.flows[1] as string },
      { kind: 'inventory', file: f.inventory },
    ]);
    expect(advice.map((a) => a.host)).toEqual(['web01']);
    expect(advice[0]?.lines).toContain('access_log /var/log/nginx/access.log combined;');
    expect(counted.length).toBeGreaterThan(0);
    expect(counted).toEqual(gained);
  }, 300_000);

  it('journald forwarding: the activities with sessions into a journal-only host are exactly those its forwarded syslog shows', async () => {
    // db01 keeps its syslog in the journal; without auditd its bundle folder holds nothing Sightline reads.
    const { advice, counted, gained } = await apply('journald-forwarding', { journalOnly: ['db01'] }, undefined, (f) => [
      { kind: 'logs', file: withoutAuditd(f.logsDir) },
      { kind: 'flows', file: f.flows[0] as string },
      { kind: 'flows', file: f.flows[1] as string },
      { kind: 'inventory', file: f.inventory },
    ]);
    expect(advice.map((a) => a.host)).toEqual(['db01']);
    expect(advice[0]?.lines).toContain('ForwardToSyslog=yes');
    expect(counted.length).toBeGreaterThan(0);
    expect(counted).toEqual(gained);
  }, 300_000);

  it('~/.ssh watch: the key logins the logs held only as evidence are exactly those the watched key write turns into detections', async () => {
    // db01's auditd runs with no rules (user-space records only), and so does jump01's, where the
    // attacker's ssh ran (its execve would otherwise detect the key login from the client's side,
    // logs.ssh-lateral-client, and no watch would be needed); applied: the ~/.ssh watch.
    const run = (name: string, sources: Sources) =>
      generateScenario({ outDir: path.join(dir, name), hosts: 8, days: 0.25, seed: 7, start: DEMO_OPTIONS.start, attacks: ['post-exploit'], sources });
    const pick: Pick = (f) => [
      { kind: 'logs', file: f.logsDir },
      { kind: 'flows', file: f.flows[0] as string },
      { kind: 'inventory', file: f.inventory },
    ];
    const beforeId = await analyse('ssh watch off', await run('keys-off', { auditNoRules: ['db01', 'jump01'] }), pick);
    const afterId = await analyse('ssh watch on', await run('keys-on', { auditNoRules: ['db01', 'jump01'], sshKeyWatches: true }), pick);
    const advice = (await getAdvice(beforeId)).filter((a) => a.kind === 'auditd-ssh-key-watch');
    expect(advice.map((a) => a.host)).toEqual(['db01']);
    expect(advice[0]?.lines).toContain('-w /home/deploy/.ssh -p wa -k userkey');
    // Applied, nothing is left to advise.
    expect((await getAdvice(afterId)).filter((a) => a.kind === 'auditd-ssh-key-watch')).toEqual([]);
    const before = await getCompareSide(beforeId);
    const after = await getCompareSide(afterId);
    // Matched as the comparison matches (host, technique, peer; repeats in time order): the logs went from evidence to detected.
    const byKey = (list: CompareActivity[]) => {
      const m = new Map<string, CompareActivity[]>();
      for (const a of [...list].sort((x, y) => x.start.localeCompare(y.start) || x.id.localeCompare(y.id)))
        m.set(activityKey(a), [...(m.get(activityKey(a)) ?? []), a]);
      return m;
    };
    const afterByKey = byKey(after.activities);
    const detectedNow: string[] = [];
    for (const [k, list] of byKey(before.activities))
      list.forEach((b, i) => {
        const a = afterByKey.get(k)?.[i];
        if (b.logs === 'evidence' && a?.logs === 'detected') detectedNow.push(b.id);
      });
    const counted = advice.flatMap((a) => a.activityIds).sort();
    expect(counted.length).toBeGreaterThan(0);
    expect(counted).toEqual(detectedNow.sort());
    // No source started or stopped seeing anything it saw before; the write itself appears, with the login's peer.
    const comparison = compareSides(before, after);
    expect(comparison.activities.filter((c) => c.before && c.after)).toEqual([]);
    const peers = new Set(before.activities.filter((a) => counted.includes(a.id)).map((a) => `${a.host}|${a.peer}`));
    const appeared = comparison.activities.filter((c) => c.kind === 'appeared');
    expect(appeared.map((c) => c.technique)).toContain('T1098.004');
    expect(appeared.filter((c) => c.technique === 'T1098.004').every((c) => peers.has(`${c.host}|${c.peer}`))).toBe(true);
  }, 300_000);
});
