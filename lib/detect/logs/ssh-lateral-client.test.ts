// Lateral SSH seen on the client (issue 15 §4, T1021.004): a host reached from outside runs ssh,
// sshpass, scp or rsync to an internal host — from auditd, Sysmon or a dated shell history line —
// and the detection lands on the destination with the source as peer, so correlation makes one
// activity of it with the destination's sshd line and the flow. Routine ssh from a bastion whose
// logins come from inside, rsync's daemon protocol, ssh to the outside or to itself stay quiet.
import { afterAll, describe, expect, it } from 'vitest';
import { correlateNow, insertEvents, insertFlows, newAssessment, runDetectors, type TestEvent } from '../../../test/kits/detect';
import { closeDb, getPool } from '../../db/client';
import { saveHostAddress } from '../../hosts/host-rows';
import { detectors } from '../registry';

afterAll(closeDb);

const T0 = Date.parse('2026-03-07T10:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
const exec = (s: number, host: string, argv: string[], extra: Partial<TestEvent> = {}): TestEvent => ({
  ts: at(s),
  host,
  kind: 'exec',
  exe: `/usr/bin/${argv[0]}`,
  argv,
  uid: 1001,
  euid: 1001,
  auid: 1001,
  ...extra,
});
const accepted = (s: number, host: string, user: string, src: string, method = 'password'): TestEvent => ({
  ts: at(s),
  kind: 'ssh_accepted',
  program: 'sshd',
  user,
  src,
  host,
  raw: `sshd[9]: Accepted ${method} for ${user} from ${src} port 50000 ssh2`,
});
/** alpha (10.20.30.10) is logged into from the internet: the intruder's way in. */
const pivot = accepted(0, 'alpha', 'webadmin', '203.0.113.66');

async function detect(events: TestEvent[], hosts: Record<string, string> = {}) {
  const a = await newAssessment();
  for (const [name, ip] of Object.entries(hosts)) await saveHostAddress(getPool(), a, { name, ip, source: 'inventory' });
  await insertEvents(a, events);
  const found = await runDetectors(
    a,
    detectors.filter((d) => d.id === 'logs.ssh-lateral-client'),
  );
  return { a, found: found.map((d) => [d.hostName, d.peer, d.technique, d.stage, d.score, d.evidenceIds.length]) };
}

describe('logs.ssh-lateral-client', () => {
  it('auditd: sshpass and the ssh it starts, from a host reached from outside: one detection on beta with alpha as peer (beta’s sshd names alpha)', async () => {
    const { found } = await detect([
      pivot,
      exec(60, 'alpha', ['sshpass', '-p', 'pw@x', 'ssh', '-o', 'StrictHostKeyChecking=no', 'deploy@10.20.30.11', 'id']),
      exec(60.01, 'alpha', ['ssh', '-o', 'StrictHostKeyChecking=no', 'deploy@10.20.30.11', 'id']),
      accepted(60.4, 'beta', 'deploy', '10.20.30.10'),
    ]);
    expect(found).toEqual([['beta', '10.20.30.10', 'T1021.004', 'exploitation', 0.9, 2]]);
  });

  it('names the inventory resolves, scp and rsync over ssh, a shell history line, a Sysmon process creation, options before the destination; one detection per invocation', async () => {
    const hosts = { alpha: '10.20.30.10', beta: '10.20.30.11', db01: '10.20.30.12' };
    const { found } = await detect(
      [
        pivot,
        exec(100, 'alpha', ['ssh', '-p', '2222', '-i', '/home/webadmin/.ssh/id_ed25519', 'beta.corp.example', 'uptime']),
        exec(200, 'alpha', ['scp', '/tmp/x', 'deploy@db01:/tmp/x']),
        exec(300, 'alpha', ['rsync', '-a', '-e', 'ssh', 'deploy@10.20.30.12:/srv/', '/tmp/.s/']),
        { ts: at(400), host: 'alpha', kind: 'exec', program: 'bash_history', user: 'webadmin', argv: ['ssh', 'root@beta'] },
        // Sysmon for Linux event 1 as the syslog parser stores it: Image, CommandLine split at spaces, User, no auid.
        {
          ts: at(500),
          host: 'alpha',
          kind: 'exec',
          exe: '/usr/bin/ssh',
          program: 'ssh',
          user: 'webadmin',
          argv: ['ssh', '-oBatchMode=yes', '10.20.30.12', 'id'],
        },
      ],
      hosts,
    );
    expect(found).toEqual([
      ['beta', '10.20.30.10', 'T1021.004', 'exploitation', 0.7, 1],
      ['db01', '10.20.30.10', 'T1021.004', 'exploitation', 0.7, 1],
      ['db01', '10.20.30.10', 'T1021.004', 'exploitation', 0.7, 1],
      ['beta', '10.20.30.10', 'T1021.004', 'exploitation', 0.7, 1],
      ['db01', '10.20.30.10', 'T1021.004', 'exploitation', 0.7, 1],
    ]);
  });

  it('a web server account running ssh needs no outside login before it', async () => {
    const { found } = await detect([exec(10, 'web01', ['ssh', 'deploy@10.20.30.11', 'id'], { user: 'www-data', euid: 33, uid: 33, auid: undefined })]);
    expect(found).toEqual([['10.20.30.11', null, 'T1021.004', 'exploitation', 0.9, 1]]);
  });

  it('look-alikes stay quiet: a bastion reached from inside, rsync daemon, ssh to the outside, to itself, the server side of scp, no destination', async () => {
    const { found } = await detect(
      [
        accepted(0, 'jump', 'ops', '10.20.30.30', 'publickey'),
        exec(30, 'jump', ['ssh', 'ops@10.20.30.11', 'uptime']),
        exec(40, 'jump', ['scp', 'ops@10.20.30.11:/var/log/syslog', '/home/ops/']),
        pivot,
        exec(50, 'alpha', ['rsync', '-a', 'mirror::debian/', '/srv/mirror/']),
        exec(51, 'alpha', ['rsync', '-a', 'rsync://10.20.30.12/pub/', '/tmp/pub/']),
        exec(52, 'alpha', ['ssh', 'git@203.0.113.200']),
        exec(53, 'alpha', ['ssh', 'localhost', 'id']),
        exec(54, 'alpha', ['ssh', 'alpha', 'id']),
        exec(55, 'alpha', ['scp', '-f', '/tmp/x']),
        exec(56, 'alpha', ['ssh', '-V']),
        // the pivot is more than a day old for this one
        exec(86_500, 'alpha', ['ssh', 'deploy@10.20.30.11', 'id']),
      ],
      { alpha: '10.20.30.10', jump: '10.20.30.5' },
    );
    expect(found).toEqual([]);
  });

  it('correlation: the client side and the flow (network.lateral-movement) are one activity on beta, none on alpha', async () => {
    const a = await newAssessment();
    for (const [name, ip] of Object.entries({ alpha: '10.20.30.10', beta: '10.20.30.11' }))
      await saveHostAddress(getPool(), a, { name, ip, source: 'inventory' });
    await insertEvents(a, [pivot, exec(60, 'alpha', ['ssh', '-i', '/var/tmp/.k/id', 'deploy@10.20.30.11', 'id'])]);
    const session = { proto: 6, packets: 30, bytes: 6000, revPackets: 30, revBytes: 9000, flags: 0x1b, revFlags: 0x1b, durationS: 5 };
    await insertFlows(a, [
      { ...session, ts: at(0), src: '203.0.113.66', sport: 40000, dst: '10.20.30.10', dport: 22 },
      { ...session, ts: at(60.1), src: '10.20.30.10', sport: 50614, dst: '10.20.30.11', dport: 22 },
    ]);
    const found = await runDetectors(
      a,
      detectors.filter((d) => d.id === 'logs.ssh-lateral-client' || d.id === 'network.lateral-movement'),
    );
    expect(found.map((d) => [d.detector, d.hostName ?? d.hostIp, d.peer])).toEqual([
      ['logs.ssh-lateral-client', 'beta', '10.20.30.10'],
      ['network.lateral-movement', '10.20.30.11', '10.20.30.10'],
    ]);
    await correlateNow(a, 300);
    const { rows } = await getPool().query(
      `SELECT host_name, host(peer) AS peer, technique, network, logs FROM activity WHERE assessment_id = $1 ORDER BY host_name`,
      [a],
    );
    expect(rows).toEqual([{ host_name: 'beta', peer: '10.20.30.10', technique: 'T1021.004', network: 'detected', logs: 'detected' }]);
  });
});
