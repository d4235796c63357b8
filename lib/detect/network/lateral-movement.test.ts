// Lateral movement per (source, destination, service): a pivot's sessions, a worm's fan-out,
// and the look-alikes that stay quiet (admins, a backup at its usual hour, a connect scan).
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertEvents, insertFlows, newAssessment, runDetectors, type TestFlow } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb } from '../../db/client';
import { runIngest } from '../../pipeline';
import { getQuietedPairs } from '../../queries/get-quieted-pairs';
import { lateralMovement } from './lateral-movement';

afterAll(closeDb);

const T0 = Date.parse('2024-03-07T20:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const FULL = 27;
const SYN = 2;
const SYNACK = 18;
const ACK = 16;
const ACKRST = 20;

type Shape = 'one-way' | 'two-way';
let port = 40000;
function ssh(shape: Shape, s: number, src: string, dst: string, dport = 22, dur = 20, out = 5000, back = 7000): TestFlow[] {
  const sport = port++;
  const f: TestFlow = { ts: at(s), durationS: dur, src, dst, sport, dport, packets: 30, bytes: out, flags: FULL };
  if (shape === 'two-way') return [{ ...f, revPackets: 25, revBytes: back, revFlags: FULL }];
  return [f, { ts: at(s), durationS: dur, src: dst, dst: src, sport: dport, dport: sport, packets: 25, bytes: back, flags: FULL }];
}

describe('network.lateral-movement', () => {
  it.each<Shape>(['one-way', 'two-way'])(
    'a host logged into from outside that then opens SSH to an internal host: one detection on the destination, the source as peer (%s rows)',
    async (shape) => {
      const a = await newAssessment();
      await insertFlows(a, [
        ...ssh(shape, 0, '203.0.113.66', '10.20.30.10', 22, 180),
        ...ssh(shape, 104, '10.20.30.10', '10.20.30.11'),
        ...ssh(shape, 164, '10.20.30.10', '10.20.30.11'),
        // Look-alikes: the ops host logs into both servers every minute; the backup pulls from alpha.
        ...[0, 60, 120, 180, 240].flatMap((s) => [
          ...ssh(shape, s, '10.20.30.30', '10.20.30.10', 22, 2),
          ...ssh(shape, s + 1, '10.20.30.30', '10.20.30.11', 22, 2),
        ]),
        ...ssh(shape, 126, '10.20.30.11', '10.20.30.10', 22, 1),
      ]);
      const found = await runDetectors(a, [lateralMovement]);
      expect(found.map((d) => [d.stage, d.technique, d.hostIp, d.peer, d.score])).toEqual([['exploitation', 'T1021.004', '10.20.30.11', '10.20.30.10', 0.7]]);
      // Guessing from outside (short failed sessions) does not make a host a pivot.
      const b = await newAssessment();
      await insertFlows(b, [
        ...[0, 3, 6, 9, 12].flatMap((s) => ssh(shape, s, '203.0.113.66', '10.20.30.12', 22, 15, 3100, 2350)),
        ...ssh(shape, 104, '10.20.30.12', '10.20.30.11'),
      ]);
      expect(await runDetectors(b, [lateralMovement])).toEqual([]);
      expect(found[0]?.summary).toBe('10.20.30.10 opened 2 sessions with data to 10.20.30.11:22, 104 s after 203.0.113.66 reached it from outside on port 22');
      expect(found[0]?.evidenceIds).toHaveLength(shape === 'one-way' ? 4 : 2);
    },
  );

  it('1-in-10 sampled: a slice kept from the server side and a one-way slice with data are the pair; a guess whose two sampled packets were large is no pivot', async () => {
    const N = 10;
    const a = await newAssessment();
    const sampledSsh = (s: number, src: string, dst: string, sport: number, bytes: number, revBytes: number | null, dport = 22): TestFlow => ({
      ts: at(s),
      durationS: 60,
      src,
      dst,
      sport,
      dport,
      packets: 4 * N,
      bytes,
      revPackets: revBytes === null ? null : 2 * N,
      revBytes,
      flags: 24,
      revFlags: revBytes === null ? null : 24,
      sampling: N,
    });
    await insertFlows(a, [
      // A login from outside that went on to a shell: 6 packets one way and 8 back were kept.
      { ...sampledSsh(0, '203.0.113.66', '10.20.30.10', 51000, 20_000, 60_000), packets: 6 * N, revPackets: 8 * N },
      // Then 10.20.30.10 → 10.20.30.11:22; the sampler's first packet of one slice came from the server.
      sampledSsh(100, '10.20.30.11', '10.20.30.10', 22, 50_000, 3_000, 40123),
      sampledSsh(160, '10.20.30.10', '10.20.30.11', 40123, 30_000, null),
      // A failed guess at 10.20.30.12 from outside: one packet each way kept (4.3 kB + 5.7 kB once scaled).
      { ...sampledSsh(0, '203.0.113.67', '10.20.30.12', 51001, 4_320, 5_720), packets: N, revPackets: N },
      sampledSsh(100, '10.20.30.12', '10.20.30.13', 40200, 30_000, 20_000),
    ]);
    const found = await runDetectors(a, [lateralMovement]);
    expect(found.map((d) => [d.technique, d.hostIp, d.peer])).toEqual([['T1021.004', '10.20.30.11', '10.20.30.10']]);
    expect(found[0]?.summary).toBe(
      '10.20.30.10 opened 1 session with data to 10.20.30.11:22, 100 s after 203.0.113.66 reached it from outside on port 22; seen in a 1-in-10 packet sample (sessions and bytes estimated from it)',
    );
  });

  it('a pair seen on other days at the same hour is routine, even from a host reached from outside', async () => {
    const a = await newAssessment();
    await insertFlows(a, [
      ...[-3, -2, -1].flatMap((d) => ssh('two-way', d * 86_400 + 300 + d * 600, '10.0.0.7', '10.0.0.8')),
      ...ssh('two-way', 0, '198.51.100.4', '10.0.0.7'),
      ...ssh('two-way', 200, '10.0.0.7', '10.0.0.8'),
    ]);
    expect(await runDetectors(a, [lateralMovement])).toEqual([]);
    // Not dropped silently: kept with its reason. Starts at 19:35, 19:45, 19:55 and 20:03:20 UTC.
    const quieted = await getQuietedPairs(a);
    expect(quieted.map((q) => [q.srcIp, q.dstIp, q.service, q.port, q.sessions, q.first, q.reason])).toEqual([
      ['10.0.0.7', '10.0.0.8', 'SSH', 22, 4, at(-3 * 86_400 - 1500).toISOString(), 'same time of day on 4 days (19:49 UTC ± 15 min)'],
    ]);
    // Many sessions a day, each with one on another day within the hour, are no one time of day:
    // the reason says the span and the rule instead of a mean ± spread (3 calendar days in UTC).
    const busy = await newAssessment();
    await insertFlows(
      busy,
      [0, 1].flatMap((d) => [0, 3, 6].flatMap((h) => ssh('two-way', d * 86_400 + h * 3600 + d * 300, '10.0.0.21', '10.0.0.22'))),
    );
    expect(await runDetectors(busy, [lateralMovement])).toEqual([]);
    expect((await getQuietedPairs(busy)).map((q) => [q.sessions, q.reason])).toEqual([
      [6, 'on 3 days between 20:00 and 02:05 UTC, each session within 60 min of the time of day of one on another day'],
    ]);
    // The same pair at another hour is not routine.
    await insertFlows(a, [...ssh('two-way', 6 * 3600, '198.51.100.4', '10.0.0.7'), ...ssh('two-way', 6 * 3600 + 60, '10.0.0.7', '10.0.0.8')]);
    const found = await runDetectors(a, [lateralMovement]);
    expect(found.map((d) => [d.hostIp, d.peer, d.startTs.getTime() - T0])).toEqual([['10.0.0.8', '10.0.0.7', (6 * 3600 + 60) * 1000]]);
    // On the first day of the data, the days after show the schedule: a jump host's nightly run.
    const b = await newAssessment();
    const nightly = ['10.0.5.1', '10.0.5.2', '10.0.5.3', '10.0.5.4'];
    await insertFlows(
      b,
      [0, 1, 2].flatMap((d) => nightly.flatMap((h, i) => ssh('one-way', d * 86_400 + 5400 + i * 30 + d * 120, '10.0.0.2', h))),
    );
    expect(await runDetectors(b, [lateralMovement])).toEqual([]);
  });

  it('one day of data: a backup pulling from three servers is routine when their auth.log shows a service account, and a fan-out when it shows root', async () => {
    const servers = ['10.0.6.1', '10.0.6.2', '10.0.6.3'];
    const run = async (user: string, uid: number) => {
      const a = await newAssessment();
      const flows = servers.flatMap((h, i) => ssh('two-way', 5400 + i * 60, '10.0.6.40', h, 22, 40));
      await insertFlows(a, flows);
      // Each destination's sshd: Accepted … from the backup host on the flow's port, then PAM's session line with the uid.
      await insertEvents(
        a,
        flows.flatMap((f, i) => [
          { ts: at(5400 + i * 60 + 0.4), kind: 'ssh_accepted', host: `srv${i + 1}`, program: 'sshd', pid: 700 + i, user, src: '10.0.6.40', sport: f.sport },
          { ts: at(5400 + i * 60 + 0.5), kind: 'login', host: `srv${i + 1}`, program: 'sshd', pid: 700 + i, user, uid },
        ]),
      );
      return { found: await runDetectors(a, [lateralMovement]), quieted: await getQuietedPairs(a) };
    };
    const backup = await run('backup', 998);
    expect(backup.found).toEqual([]);
    // The test's events come from no stored file: the reason names the host's log.
    expect(backup.quieted.map((q) => [q.dstIp, q.sessions, q.reason])).toEqual(
      servers.map((h, i) => [h, 1, `logins as backup (uid 998, a system account) in srv${i + 1}'s log`]),
    );
    const root = await run('root', 0);
    expect(root.found.map((d) => [d.hostIp, d.peer])).toEqual(servers.map((h) => [h, '10.0.6.40']));
    expect(root.quieted).toEqual([]);
  });

  it('a connect scan from a pivot (handshakes without data) is not lateral movement', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [...ssh('one-way', 0, '192.0.2.66', '10.40.0.5', 22)];
    for (let h = 2; h <= 12; h++) {
      const sport = port++;
      flows.push(
        { ts: at(100), durationS: 0, src: '10.40.0.5', dst: `10.40.0.${h}`, sport, dport: 22, packets: 3, bytes: 164, flags: SYN | ACK | 4 },
        { ts: at(100), durationS: 0, src: `10.40.0.${h}`, dst: '10.40.0.5', sport: 22, dport: sport, packets: 1, bytes: 60, flags: SYNACK },
      );
    }
    await insertFlows(a, flows);
    expect(await runDetectors(a, [lateralMovement])).toEqual([]);
  });

  it('a workstation fanning out to admin ports is one detection per destination; an admin host seen days before is not', async () => {
    const a = await newAssessment();
    const admin = [0, 1].map(
      (i): TestFlow => ({ ts: at(-3 * 86400 + 7200 + i), src: '10.0.0.2', dst: `10.0.5.${i + 1}`, dport: 22, bytes: 5000, revBytes: 8000, revPackets: 10 }),
    );
    const adminNow = [4, 5, 6].map(
      (i): TestFlow => ({ ts: at(i * 60), src: '10.0.0.2', dst: `10.0.5.${i + 1}`, dport: 22, bytes: 5000, revBytes: 8000, revPackets: 10 }),
    );
    const worm = [1, 2, 3, 4].map(
      (i): TestFlow => ({ ts: at(i * 60), src: '10.0.3.33', dst: `10.0.5.${i}`, dport: 445, bytes: 5000, revBytes: 8000, revPackets: 10 }),
    );
    const refused = {
      ts: at(30),
      src: '10.0.3.33',
      dst: '10.0.5.9',
      dport: 445,
      packets: 1,
      bytes: 60,
      flags: SYN,
      revPackets: 1,
      revBytes: 40,
      revFlags: ACKRST,
    };
    await insertFlows(a, [...admin, ...adminNow, ...worm, refused]);
    const found = await runDetectors(a, [lateralMovement]);
    expect(found.map((d) => [d.hostIp, d.peer, d.technique, d.score])).toEqual([
      ['10.0.5.1', '10.0.3.33', 'T1021.002', 0.7],
      ['10.0.5.2', '10.0.3.33', 'T1021.002', 0.7],
      ['10.0.5.3', '10.0.3.33', 'T1021.002', 0.7],
      ['10.0.5.4', '10.0.3.33', 'T1021.002', 0.7],
    ]);
    expect(found[0]?.summary).toContain('one of 4 internal hosts it reached on admin ports within 3600 s, never before');
  });
});

describe('recorded: webshop-intrusion', () => {
  it('alpha → beta:22 (key plant and key login) is one detection on beta; ops logins and the backup stay quiet', async () => {
    const a = await createAssessment({ name: 'lateral webshop' });
    const uploadId = await addLocalUpload({ assessmentId: a, kind: 'flows', file: path.resolve('test/fixtures/recordings/webshop-intrusion/flows.csv') });
    await runIngest(uploadId);
    const found = await runDetectors(a, [lateralMovement]);
    expect(found.map((d) => [d.technique, d.hostIp, d.peer, d.startTs.toISOString().slice(11, 19)])).toEqual([
      ['T1021.004', '10.20.30.11', '10.20.30.10', '20:03:57'],
    ]);
    console.info(`[webshop lateral] ${found[0]?.summary} until ${found[0]?.endTs.toISOString()}`);
  });
});
