// Benign look-alikes of the network-exfil scenario, hour by hour for the whole period: a
// monitoring system (Prometheus on the backup server) scraping every server, the DMZ, the
// appliance's status page and the analyst's workstation every 15 s — a source that contacts
// every host on a schedule and must never make a download look like a callback — and the
// appliance's own routine (NTP, a few lookups through the resolver, a firmware-update check),
// so it has a baseline of its own. Package-mirror fetches, browsing, DNS to the internal resolver
// and the nightly backup pulls are the generator's ordinary background (benign-host.ts,
// benign-global.ts).

import { type Ctx, ephemeralPort, tcpSession, udpExchange } from './ctx';
import { HOUR_MS } from './log-sink';
import { Rng } from './prng';
import { peersOf } from './world';

const SCRAPE_MS = 15_000;
/** node_exporter. */
const METRICS_PORT = 9100;

export function monitoringLookalike(ctx: Ctx, applianceIp: string): void {
  const { world } = ctx;
  const mon = world.hosts.find((h) => h.role === 'backup');
  if (!mon) return;
  const rng = new Rng(world.seed, 'lookalike:network');
  const targets: { ip: string; port: number }[] = [
    ...world.hosts.filter((h) => h.role !== 'workstation' && h !== mon).map((h) => ({ ip: h.ip, port: METRICS_PORT })),
    ...(world.admins[0] ? [{ ip: world.admins[0].workstation.ip, port: METRICS_PORT }] : []),
    { ip: applianceIp, port: 80 },
  ];
  const resolver = world.hosts.find((h) => h.role === 'dns');
  const ntp = peersOf(world, 'ntp')[0];
  ctx.everyHour((hourStart) => {
    for (let t = hourStart + rng.int(0, SCRAPE_MS - 1); t < hourStart + HOUR_MS; t += SCRAPE_MS)
      for (const x of targets) {
        const appliance = x.ip === applianceIp;
        ctx.flow(
          tcpSession({
            t: t + rng.int(0, 40),
            durMs: rng.int(4, 40),
            src: mon.ip,
            sport: ephemeralPort(rng),
            dst: x.ip,
            dport: x.port,
            up: rng.int(220, 260),
            down: appliance ? rng.int(1_800, 2_400) : rng.int(18_000, 40_000),
          }),
        );
      }
    // The appliance's own routine: NTP twice an hour, a few lookups.
    if (ntp)
      for (const m of [rng.int(0, 29), rng.int(30, 59)])
        ctx.flow(udpExchange({ t: hourStart + m * 60_000, src: applianceIp, sport: 123, dst: ntp.ip, dport: 123, up: 48, down: 48 }));
    if (resolver)
      for (let i = rng.int(2, 6); i > 0; i--)
        ctx.flow(
          udpExchange({
            t: hourStart + rng.int(0, HOUR_MS - 1),
            src: applianceIp,
            sport: ephemeralPort(rng),
            dst: resolver.ip,
            dport: 53,
            up: rng.int(30, 45),
            down: rng.int(60, 200),
          }),
        );
    const update = peersOf(world, 'update')[0];
    // A firmware-update check now and then (not on a schedule: an hourly one would be a beacon).
    if (update && rng.chance(0.15))
      ctx.flow(
        tcpSession({
          t: hourStart + rng.int(0, HOUR_MS - 1),
          durMs: rng.int(200, 900),
          src: applianceIp,
          sport: ephemeralPort(rng),
          dst: update.ip,
          dport: 443,
          up: rng.int(600, 900),
          down: rng.int(3_000, 5_000),
        }),
      );
  });
}
