// Shared state of one generation run: the world, the two sinks, and per-host counters that
// real systems keep (audit session ids, process ids). Pids are derived from time rather than
// a counter so that a process started later always has a larger pid, whichever generator
// happened to create it first.

import type { AuditRecord } from './audit-format';
import type { FlowSink, Session } from './flow-sink';
import type { LogSink, TextLog } from './log-sink';
import { hashSeed, type Rng } from './prng';
import { SES_TOKEN_BASE } from './session-token';
import type { Host, World } from './world';

const DAEMONS = ['systemd-logind', 'cron', 'sshd', 'rsyslogd', 'systemd-resolved', 'postfix/master'] as const;
export type Daemon = (typeof DAEMONS)[number];

export type HourHook = (hourStart: number, hourEnd: number) => void;

export class Ctx {
  private sesTokens = 0;
  /** Recurring attack activity (beacons, cron runs) emitted hour by hour, not planned up front. */
  readonly hourHooks: HourHook[] = [];
  /** Called with every session (source switches that log what a server saw, lib/generate/sources.ts). */
  readonly sessionTaps: ((s: Session) => void)[] = [];
  private readonly pidBase = new Map<Host, number>();

  constructor(
    readonly world: World,
    readonly logs: LogSink,
    readonly flows: FlowSink,
  ) {
    for (const h of world.hosts) {
      const s = hashSeed(world.seed, `pid:${h.name}`);
      this.pidBase.set(h, 20_000 + (s % 300_000));
    }
  }

  /** pid_max is 4194304 on 64-bit Ubuntu: ~2.5 new pids a second keeps 7 days below it. */
  pidAt(host: Host, t: number, salt = 0): number {
    return (this.pidBase.get(host) ?? 30_000) + Math.floor((t - this.world.startMs) / 400) + salt;
  }

  /** Long-running daemons keep the low pid they got at boot. */
  daemonPid(host: Host, name: Daemon): number {
    return 400 + ((hashSeed(host.index, name) % 900) | 0);
  }

  /**
   * A new audit/logind session id (pam_loginuid; cron jobs use them up too). Attacks are
   * generated before the benign hours, so a counter here would run backwards in time; instead
   * this hands out a placeholder that the log sink numbers in time order when it writes.
   */
  nextSes(_host: Host): number {
    return SES_TOKEN_BASE + ++this.sesTokens;
  }

  everyHour(hook: HourHook): void {
    this.hourHooks.push(hook);
  }

  runHourHooks(hourStart: number, hourEnd: number): void {
    for (const hook of this.hourHooks) hook(hourStart, hourEnd);
  }

  log(host: Host, t: number, file: TextLog, text: string, step?: string): void {
    this.logs.text(host, t, file, text, step);
  }

  audit(host: Host, t: number, records: AuditRecord[], step?: string): void {
    this.logs.audit(host, t, records, step);
  }

  flow(s: Session): void {
    this.flows.add(s);
    for (const tap of this.sessionTaps) tap(s);
  }
}

/** Linux picks ephemeral ports from 32768–60999. */
export function ephemeralPort(rng: Rng): number {
  return rng.int(32_768, 60_999);
}

/** Packets needed to carry `bytes` of payload plus handshake/teardown (MSS ~1448). */
export function packetsFor(bytes: number): number {
  return Math.max(3, Math.ceil(bytes / 1448) + 3);
}

/**
 * A TCP connection: `up` bytes client→server, `down` bytes server→client, IP-level byte counts.
 * The receiving side sends roughly one ACK every two segments, which sets its packet count.
 */
export function tcpSession(o: {
  t: number;
  durMs: number;
  src: string;
  sport: number;
  dst: string;
  dport: number;
  up: number;
  down: number;
  step?: string;
}): Session {
  const downPkts = packetsFor(o.down);
  const upData = packetsFor(o.up);
  const upPkts = Math.max(upData, Math.ceil(downPkts / 2) + 2);
  const revPkts = Math.max(downPkts, Math.ceil(upData / 2) + 2);
  return {
    startMs: o.t,
    durationMs: o.durMs,
    proto: 'tcp',
    src: o.src,
    sport: o.sport,
    dst: o.dst,
    dport: o.dport,
    pkts: upPkts,
    bytes: o.up + upPkts * 52,
    rpkts: revPkts,
    rbytes: o.down + revPkts * 52,
    shape: 'established',
    step: o.step,
  };
}

export function udpExchange(o: { t: number; src: string; sport: number; dst: string; dport: number; up: number; down: number; step?: string }): Session {
  return {
    startMs: o.t,
    durationMs: o.down > 0 ? 2 + (o.sport % 40) : 0,
    proto: 'udp',
    src: o.src,
    sport: o.sport,
    dst: o.dst,
    dport: o.dport,
    pkts: 1,
    bytes: o.up + 28,
    rpkts: o.down > 0 ? 1 : 0,
    rbytes: o.down > 0 ? o.down + 28 : 0,
    step: o.step,
  };
}
