// Scenario "network-exfil": the network's half (issue 22). An exposed appliance in the DMZ that
// sends no logs (it is in no inventory and writes nothing to the bundle) is scanned from
// outside, logged in to over telnet with a default password by the address that scanned it,
// then tunnels data out through the internal resolver as DNS TXT queries, sends a file as ICMP
// echo payloads, pushes 1.5 MB over raw TCP to a first-seen address on a high port, sweeps the
// server segment and opens SSH sessions to three servers (whose auth.log records the logins:
// the only steps the logs can see). The benign look-alikes run beside it (lookalike-network.ts).

import type { TruthStepDraft } from '../eval/truth';
import { stageOfTactic } from '../stages';
import { sshLogin } from './actions';
import { type Ctx, ephemeralPort, tcpSession, udpExchange } from './ctx';
import type { TcpShape } from './flow-sink';
import { monitoringLookalike } from './lookalike-network';
import type { Rng } from './prng';
import { iso } from './time-format';
import type { Host } from './world';

const S = 1_000;
const MIN = 60_000;

/** The appliance and the outside addresses only this scenario uses (none in the benign ranges). */
export const NETWORK_EXFIL = {
  appliance: { name: 'vpn-appl', ip: '10.20.1.250' },
  scanner: '192.0.2.66',
  icmpSink: '192.0.2.67',
  tunnelNs: '192.0.2.53',
  drop: '192.0.2.80',
  tunnelDomain: 't.exfil-cdn.test',
} as const;

/** nmap -sS of the perimeter: ports a DMZ server here never opens; the appliance answers telnet. */
const PERIMETER_PORTS = [21, 23, 111, 445, 2323, 3389, 5900, 7547];
/** nmap -sT from the appliance: what it looks for among its neighbours. */
const SWEEP_PORTS = [22, 80, 443, 3306, 5432, 9100];

type Draft = Omit<TruthStepDraft, 'scenario' | 'start' | 'end'> & { start: number; end: number };

function draft(d: Draft): TruthStepDraft {
  return { ...d, scenario: 'network-exfil', start: iso(d.start), end: iso(Math.max(d.start, d.end)) };
}

/** A TCP attempt of a scan: open ports complete the handshake (connect scan) or answer SYN-ACK, closed ones reset or stay silent. */
function attempt(ctx: Ctx, o: { t: number; src: string; dst: string; dport: number; shape: TcpShape; step: string; sport: number }): void {
  const answered = o.shape !== 'syn-only';
  ctx.flow({
    startMs: o.t,
    durationMs: answered ? 1 : 0,
    proto: 'tcp',
    src: o.src,
    sport: o.sport,
    dst: o.dst,
    dport: o.dport,
    pkts: o.shape === 'syn-ack-rst' ? 2 : 1,
    bytes: o.shape === 'syn-ack-rst' ? 84 : 44,
    rpkts: answered ? 1 : 0,
    rbytes: answered ? 44 : 0,
    shape: o.shape,
    step: o.step,
  });
}

/** A random base32 label as a tunnel client (iodine, dnscat2) puts data in query names. */
function base32Label(rng: Rng, n: number): string {
  const a = 'abcdefghijklmnopqrstuvwxyz234567';
  let s = '';
  for (let i = 0; i < n; i++) s += a[rng.int(0, 31)];
  return s;
}

export function networkExfil(ctx: Ctx, rng: Rng): TruthStepDraft[] {
  const { world } = ctx;
  const X = NETWORK_EXFIL;
  const appl = X.appliance;
  const resolver = world.hosts.find((h) => h.role === 'dns');
  const period = world.endMs - world.startMs;
  const steps: TruthStepDraft[] = [];
  const t0 = world.startMs + Math.floor((period * 0.3) / MIN) * MIN + rng.int(0, 59) * S;
  monitoringLookalike(ctx, appl.ip);

  // 1. Outside scan of the perimeter: 62 addresses × 8 ports in ~3 s; only the appliance's telnet answers.
  let t = t0;
  for (let n = 1; n <= 62; n++)
    for (const port of PERIMETER_PORTS) {
      const dst = `10.20.1.${n}`;
      const open = dst === appl.ip && port === 23;
      attempt(ctx, {
        t,
        src: X.scanner,
        dst,
        dport: port,
        shape: open ? 'syn-ack-rst' : 'syn-only',
        step: 'net-perimeter-scan',
        sport: rng.int(40_000, 65_000),
      });
      t += rng.int(2, 8);
    }
  // The appliance is beyond .62 in a /24 sweep of the DMZ too: nmap was given the whole block.
  attempt(ctx, { t, src: X.scanner, dst: appl.ip, dport: 23, shape: 'syn-ack-rst', step: 'net-perimeter-scan', sport: rng.int(40_000, 65_000) });
  steps.push(
    draft({
      id: 'net-perimeter-scan',
      stage: 'recon',
      technique: 'T1595.001',
      host: appl.name,
      hostIp: appl.ip,
      peer: X.scanner,
      start: t0,
      end: t,
      note: `nmap -sS of 10.20.1.1-62 and the appliance on ${PERIMETER_PORTS.length} ports: only ${appl.ip}:23 answers; no host logs it (the perimeter drops the rest)`,
    }),
  );

  // 2. Default-credential telnet login from the scanning address, a minute later.
  const tl = t0 + 62 * S;
  const telnetDur = rng.int(25, 45) * S;
  ctx.flow({
    startMs: tl,
    durationMs: telnetDur,
    proto: 'tcp',
    src: X.scanner,
    sport: ephemeralPort(rng),
    dst: appl.ip,
    dport: 23,
    pkts: 14 + rng.int(0, 6),
    bytes: 14 * 52 + rng.int(150, 260),
    rpkts: 12 + rng.int(0, 6),
    rbytes: 12 * 52 + rng.int(500, 900),
    shape: 'established',
    step: 'net-telnet-login',
  });
  steps.push(
    draft({
      id: 'net-telnet-login',
      stage: 'delivery',
      technique: 'T1133',
      host: appl.name,
      hostIp: appl.ip,
      peer: X.scanner,
      start: tl,
      end: tl + telnetDur,
      note: 'telnet login as admin/admin (T1078.001) from the address that scanned the perimeter 62 s earlier; the appliance logs nothing',
    }),
  );

  // 3. DNS tunnel through the internal resolver, which forwards every query to the domain's name server.
  const td = tl + telnetDur + rng.int(10, 20) * S;
  let tq = td;
  const queries = 240;
  if (resolver) {
    for (let i = 0; i < queries; i++) {
      const name = `${base32Label(rng, 56)}.${i}.${X.tunnelDomain}`;
      const q = 12 + name.length + 2 + 4; // header, name, type/class
      ctx.flow(
        udpExchange({ t: tq, src: appl.ip, sport: ephemeralPort(rng), dst: resolver.ip, dport: 53, up: q, down: q + rng.int(20, 60), step: 'net-dns-tunnel' }),
      );
      ctx.flow(
        udpExchange({
          t: tq + 1,
          src: resolver.ip,
          sport: ephemeralPort(rng),
          dst: X.tunnelNs,
          dport: 53,
          up: q + 11,
          down: q + rng.int(20, 60),
          step: 'net-dns-tunnel',
        }),
      );
      tq += rng.int(120, 260);
    }
    steps.push(
      draft({
        id: 'net-dns-tunnel',
        stage: 'c2',
        technique: 'T1071.004',
        host: appl.name,
        hostIp: appl.ip,
        peer: resolver.ip,
        start: td,
        end: tq,
        note: `${queries} TXT queries <56 base32>.<n>.${X.tunnelDomain} to the internal resolver ${resolver.name}, each forwarded to ${X.tunnelNs}:53 (T1572, T1048.003)`,
      }),
    );
  }

  // 4. A file as ICMP echo payloads: ping -c 100 -i 0.2 -s 1000 -p …
  const ti = tq + rng.int(10, 20) * S;
  const pings = 100;
  ctx.flow({
    startMs: ti,
    durationMs: (pings - 1) * 200,
    proto: 'icmp',
    src: appl.ip,
    sport: 0,
    dst: X.icmpSink,
    dport: 8 * 256,
    pkts: pings,
    bytes: pings * 1_028,
    rpkts: pings,
    rbytes: pings * 1_028,
    step: 'net-icmp-exfil',
  });
  steps.push(
    draft({
      id: 'net-icmp-exfil',
      stage: 'actions',
      technique: 'T1048.003',
      host: appl.name,
      hostIp: appl.ip,
      peer: X.icmpSink,
      start: ti,
      end: ti + (pings - 1) * 200,
      note: `${pings} echo requests of 1,028 B (ping -s 1000 -p …): ${pings * 1_000} B of payload`,
    }),
  );

  // 5. 1.5 MB over raw TCP to an address nobody contacted before, on a high port.
  const tx = ti + pings * 200 + rng.int(10, 20) * S;
  const xdur = rng.int(1_500, 4_000);
  ctx.flow(
    tcpSession({ t: tx, durMs: xdur, src: appl.ip, sport: ephemeralPort(rng), dst: X.drop, dport: 4444, up: 1_509_000, down: 0, step: 'net-raw-tcp-exfil' }),
  );
  steps.push(
    draft({
      id: 'net-raw-tcp-exfil',
      stage: 'actions',
      technique: 'T1048',
      host: appl.name,
      hostIp: appl.ip,
      peer: X.drop,
      start: tx,
      end: tx + xdur,
      note: 'socat pushes 1.5 MB to a first-seen outside address on port 4444 (PCR near 1)',
    }),
  );

  // 6. The appliance sweeps the server segment (nmap -sT): servers complete the handshake on open ports and reset closed ones.
  const ts = tx + xdur + rng.int(10, 20) * S;
  t = ts;
  for (let n = 2; n <= 30; n++) {
    const dst = `10.20.2.${n}`;
    const host = world.byIp.get(dst);
    for (const port of SWEEP_PORTS) {
      const open = host ? port === 9100 || host.openPorts.includes(port) : false;
      const shape: TcpShape = !host ? 'syn-only' : open ? 'syn-ack-rst' : 'rejected';
      attempt(ctx, { t, src: appl.ip, dst, dport: port, shape, step: 'net-internal-sweep', sport: ephemeralPort(rng) });
      t += rng.int(3, 12);
    }
  }
  steps.push(
    draft({
      id: 'net-internal-sweep',
      stage: stageOfTactic('discovery'),
      technique: 'T1046',
      host: appl.name,
      hostIp: appl.ip,
      peer: null,
      start: ts,
      end: t,
      note: `nmap -sT of 10.20.2.2-30 on ports ${SWEEP_PORTS.join(', ')} from the appliance (Discovery, staged by the tactic mapping)`,
    }),
  );

  // 7. Lateral SSH, one step per pair: the appliance's stolen key on three servers.
  const targets = ['db01', 'ns01', 'backup01'].map((n) => world.byName.get(n)).filter((h): h is Host => h !== undefined);
  let tlat = t + rng.int(2, 4) * MIN;
  for (const dst of targets) {
    const id = `net-lateral-${dst.name}`;
    const dur = rng.int(60, 240) * S;
    const port = ephemeralPort(rng);
    ctx.flow(
      tcpSession({
        t: tlat,
        durMs: dur,
        src: appl.ip,
        sport: port,
        dst: dst.ip,
        dport: 22,
        up: rng.int(6_000, 14_000),
        down: rng.int(20_000, 60_000),
        step: id,
      }),
    );
    sshLogin(ctx, { host: dst, t: tlat + 400, user: 'root', uid: 0, from: appl.ip, port, method: 'publickey', durationMs: dur - 800, step: id });
    steps.push(
      draft({
        id,
        stage: stageOfTactic('lateral-movement'),
        technique: 'T1021.004',
        host: dst.name,
        hostIp: dst.ip,
        peer: appl.ip,
        start: tlat,
        end: tlat + dur,
        note: `SSH with the appliance's key as root from ${appl.ip}; ${dst.name}'s auth.log has "Accepted publickey … from ${appl.ip}"`,
      }),
    );
    tlat += dur + rng.int(20, 90) * S;
  }
  return steps;
}
