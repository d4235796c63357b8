// What only the network sees (issue 22 §1–§4, §7): each detector on the same traffic in two flow
// shapes — one-way rows / one row per packet as nfpcapd and nfdump write them, and aggregated
// two-way records as IPFIX biflows and softflowd write them — giving the same answer, and a
// benign look-alike that stays quiet.
import { afterAll, describe, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { insertFlows, newAssessment, runDetectors, type TestFlow } from '../../../test/kits/detect';
import { addLocalUpload, createAssessment } from '../../assessments/service';
import { closeDb, getPool } from '../../db/client';
import { runIngest } from '../../pipeline';
import { endpointSql } from '../sql';
import { dnsTunnel } from './dns-tunnel';
import { exfilRelative } from './exfil-relative';
import { exploitCallback } from './exploit-callback';
import { exposedService } from './exposed-service';
import { icmpExfil } from './icmp-exfil';
import { ingressTransfer } from './ingress-transfer';

afterAll(closeDb);

const T0 = Date.parse('2026-12-04T20:15:00Z');
const at = (s: number) => new Date(T0 + s * 1000);
type Shape = 'one-way' | 'two-way';
const SHAPES: Shape[] = ['one-way', 'two-way'];

interface Session {
  s: number;
  src: string;
  dst: string;
  sport: number;
  dport: number;
  proto?: number;
  pk: number;
  out: number;
  rpk: number;
  back: number;
  dur?: number;
  flags?: number | null;
}

/** One session in the given shape: two one-way rows (nfdump) or one two-way row (IPFIX biflow). */
function session(x: Session, shape: Shape): TestFlow[] {
  const proto = x.proto ?? 6;
  const flags = x.flags === undefined ? (proto === 6 ? 27 : null) : x.flags;
  const base = { ts: at(x.s), durationS: x.dur ?? 0, proto, flags };
  if (shape === 'two-way')
    return [
      {
        ...base,
        src: x.src,
        dst: x.dst,
        sport: x.sport,
        dport: x.dport,
        packets: x.pk,
        bytes: x.out,
        revPackets: x.rpk,
        revBytes: x.back,
        revFlags: flags,
      },
    ];
  return [
    { ...base, src: x.src, dst: x.dst, sport: x.sport, dport: x.dport, packets: x.pk, bytes: x.out },
    { ...base, src: x.dst, dst: x.src, sport: x.dport, dport: x.sport, packets: x.rpk, bytes: x.back },
  ];
}

const pick = (found: Awaited<ReturnType<typeof runDetectors>>) => found.map((d) => [d.detector, d.technique, d.hostIp, d.peer]);

describe('network.dns-tunnel', () => {
  /** Routine lookups of two servers, a tunnelling client, and the resolver forwarding all of it. */
  function traffic(shape: Shape, tunnel: { queries: number; bytes: number }): TestFlow[] {
    const flows: TestFlow[] = [];
    let port = 30000;
    for (const client of ['10.40.0.10', '10.40.0.11'])
      for (let i = 0; i < 20; i++) {
        flows.push(...session({ s: i * 15, src: client, dst: '10.40.0.53', sport: port++, dport: 53, proto: 17, pk: 1, out: 84, rpk: 1, back: 100 }, shape));
        flows.push(
          ...session({ s: i * 15, src: '10.40.0.53', dst: '198.51.100.53', sport: port++, dport: 53, proto: 17, pk: 1, out: 84, rpk: 1, back: 100 }, shape),
        );
      }
    for (let i = 0; i < tunnel.queries; i++) {
      const s = 90 + i * 0.2;
      flows.push(
        ...session(
          { s, src: '10.40.0.5', dst: '10.40.0.53', sport: port++, dport: 53, proto: 17, pk: 1, out: tunnel.bytes, rpk: 1, back: tunnel.bytes + 20 },
          shape,
        ),
      );
      flows.push(
        ...session(
          { s, src: '10.40.0.53', dst: '192.0.2.53', sport: port++, dport: 53, proto: 17, pk: 1, out: tunnel.bytes, rpk: 1, back: tunnel.bytes + 20 },
          shape,
        ),
      );
    }
    return flows;
  }

  it.each(SHAPES)('finds 240 large queries through the resolver as the client’s, naming the upstream (%s rows)', async (shape) => {
    const a = await newAssessment();
    await insertFlows(a, traffic(shape, { queries: 240, bytes: 146 }));
    const found = await runDetectors(a, [dnsTunnel]);
    expect(pick(found)).toEqual([['network.dns-tunnel', 'T1071.004', '10.40.0.5', '10.40.0.53']]);
    expect(found[0]?.summary).toContain('sent 240 DNS queries (mean 146 B');
    expect(found[0]?.summary).toContain('forwarded by 10.40.0.53 to 192.0.2.53:53 (240 queries)');
    expect(found[0]?.evidenceIds).toHaveLength(shape === 'one-way' ? 960 : 480);
  });

  it('names an outside name server as the peer when the client bypasses the resolver', async () => {
    const a = await newAssessment();
    const flows = traffic('two-way', { queries: 0, bytes: 0 });
    for (let i = 0; i < 150; i++)
      flows.push(
        ...session({ s: 60 + i, src: '10.40.0.6', dst: '192.0.2.53', sport: 20000 + i, dport: 53, proto: 17, pk: 1, out: 180, rpk: 1, back: 200 }, 'two-way'),
      );
    await insertFlows(a, flows);
    const found = await runDetectors(a, [dnsTunnel]);
    expect(pick(found)).toEqual([['network.dns-tunnel', 'T1071.004', '10.40.0.6', '192.0.2.53']]);
    expect(found[0]?.summary).toContain('sent 150 DNS queries (mean 180 B');
    expect(found[0]?.summary).toContain('to 192.0.2.53:53 in 149 s');
    expect(found[0]?.summary).not.toContain('forwarded');
  });

  it('stays quiet on routine lookups, on many small queries, and when every client sends long names', async () => {
    const busy = await newAssessment();
    await insertFlows(busy, traffic('one-way', { queries: 400, bytes: 80 }));
    expect(await runDetectors(busy, [dnsTunnel])).toEqual([]);
    // Three clients that all look up long CDN names at the same rate: large, but like their peers.
    const alike = await newAssessment();
    const flows: TestFlow[] = [];
    let port = 40000;
    for (const client of ['10.40.0.5', '10.40.0.6', '10.40.0.7'])
      for (let i = 0; i < 150; i++)
        flows.push(...session({ s: i, src: client, dst: '10.40.0.53', sport: port++, dport: 53, proto: 17, pk: 1, out: 130, rpk: 1, back: 200 }, 'two-way'));
    await insertFlows(alike, flows);
    expect(await runDetectors(alike, [dnsTunnel])).toEqual([]);
  });
});

describe('network.icmp-exfil', () => {
  const echo = (s: number, packets: number, bytes: number, dst = '192.0.2.67'): TestFlow => ({
    ts: at(s),
    durationS: packets > 1 ? 20 : 0,
    src: '10.40.0.5',
    dst,
    sport: 0,
    dport: 2048,
    proto: 1,
    packets,
    bytes,
    flags: null,
  });

  it('gives one answer for one row per ping and one row of 100 pings', async () => {
    const perPacket = await newAssessment();
    await insertFlows(
      perPacket,
      Array.from({ length: 100 }, (_, i) => echo(i * 0.2, 1, 1028)),
    );
    const aggregated = await newAssessment();
    await insertFlows(aggregated, [echo(0, 100, 102_800)]);
    for (const a of [perPacket, aggregated]) {
      const found = await runDetectors(a, [icmpExfil]);
      expect(pick(found)).toEqual([['network.icmp-exfil', 'T1048.003', '10.40.0.5', '192.0.2.67']]);
      expect(found[0]?.summary).toContain('100 echo requests of 1028 B on average to 192.0.2.67 (ICMP type 8 code 0)');
      expect(found[0]?.summary).toContain('94.4 kB beyond standard 84-byte pings');
      expect(found[0]?.severity).toBe('medium');
    }
  });

  it('stays quiet on a monitoring ping every 15 s all day and on a few path-MTU probes', async () => {
    const a = await newAssessment();
    await insertFlows(a, [
      ...Array.from({ length: 500 }, (_, i) => echo(i * 15, 1, 84)),
      echo(10, 1, 1500, '192.0.2.68'),
      echo(11, 1, 1500, '192.0.2.68'),
      echo(12, 1, 1500, '192.0.2.68'),
    ]);
    expect(await runDetectors(a, [icmpExfil])).toEqual([]);
  });
});

describe('network.exfil-relative', () => {
  /** The host's ordinary traffic: small web sessions to a few peers. */
  function routine(shape: Shape): TestFlow[] {
    return ['198.51.100.10', '198.51.100.11', '198.51.100.12'].flatMap((dst, i) =>
      session({ s: i * 10, src: '10.40.0.5', dst, sport: 41000 + i, dport: 443, pk: 20, out: 40_000, rpk: 30, back: 200_000 }, shape),
    );
  }

  it.each(SHAPES)('finds 1.5 MB pushed to a first-seen address on port 4444 (T1048, %s rows)', async (shape) => {
    const a = await newAssessment();
    await insertFlows(a, [
      ...routine(shape),
      ...session({ s: 200, src: '10.40.0.5', dst: '192.0.2.80', sport: 49628, dport: 4444, pk: 180, out: 1_509_368, rpk: 144, back: 7_496 }, shape),
    ]);
    const found = await runDetectors(a, [exfilRelative]);
    expect(pick(found)).toEqual([['network.exfil-relative', 'T1048', '10.40.0.5', '192.0.2.80']]);
    expect(found[0]?.summary).toContain('sent 1.51 MB to 192.0.2.80 (port 4444)');
    expect(found[0]?.summary).toContain('a peer no internal host had contacted before, an unusual port');
  });

  it.each(SHAPES)('calls ≥ 1 MB over the channel the host beacons on T1041 (%s rows)', async (shape) => {
    const a = await newAssessment();
    const beacons = Array.from({ length: 8 }, (_, i) =>
      session({ s: i * 10, src: '10.20.30.10', dst: '198.51.100.23', sport: 50000 + i, dport: 8080, pk: 6, out: 480, rpk: 5, back: 400 }, shape),
    ).flat();
    await insertFlows(a, [
      ...beacons,
      ...session({ s: 71, src: '10.20.30.10', dst: '198.51.100.23', sport: 50100, dport: 8080, pk: 1400, out: 1_967_074, rpk: 300, back: 16_000 }, shape),
    ]);
    const found = await runDetectors(a, [exfilRelative]);
    expect(pick(found)).toEqual([['network.exfil-relative', 'T1041', '10.20.30.10', '198.51.100.23']]);
    expect(found[0]?.summary).toContain('over a channel it opened 8 other times (C2)');
    expect(found[0]?.startTs).toEqual(at(71));
  });

  it('stays quiet on the next nightly backup, a mail relay, a server’s answer and a large download', async () => {
    const a = await newAssessment();
    await insertFlows(a, [
      ...routine('two-way'),
      // Last night's backup (a day earlier, another window) and tonight's, to the same host on 22.
      ...session({ s: -86_400, src: '10.40.0.5', dst: '203.0.113.90', sport: 51000, dport: 22, pk: 1000, out: 1_400_000, rpk: 400, back: 20_000 }, 'two-way'),
      ...session({ s: 300, src: '10.40.0.5', dst: '203.0.113.90', sport: 51001, dport: 22, pk: 1000, out: 1_500_000, rpk: 400, back: 20_000 }, 'two-way'),
      ...session({ s: 400, src: '10.40.0.5', dst: '192.0.2.81', sport: 51002, dport: 4444, pk: 100, out: 9_000, rpk: 1000, back: 5_000_000 }, 'two-way'),
    ]);
    // A mail server relaying 60 mails of 10–60 kB to its smart host within the hour, and a web
    // server answering an outside client with 2.6 MB: neither is a transfer the host pushed.
    await insertFlows(a, [
      ...Array.from({ length: 60 }, (_, i) =>
        session(
          {
            s: i * 55,
            src: '10.40.0.5',
            dst: '203.0.113.33',
            sport: 52000 + i,
            dport: 25,
            pk: 30,
            out: 10_000 + ((i * 7919) % 50) * 1_000,
            rpk: 10,
            back: 900,
          },
          'one-way',
        ),
      ).flat(),
      ...session({ s: 500, src: '175.16.199.190', dst: '10.40.0.7', sport: 56179, dport: 443, pk: 300, out: 52_000, rpk: 1900, back: 2_610_000 }, 'one-way'),
    ]);
    // The first backup the data holds is a first-seen peer (low); the next night's is routine.
    const found = await runDetectors(a, [exfilRelative]);
    expect(found.map((d) => [d.peer, d.startTs, d.severity])).toEqual([['203.0.113.90', at(-86_400), 'low']]);
  });
});

describe('network.exposed-service', () => {
  function scan(shape: Shape): TestFlow[] {
    const flows: TestFlow[] = [];
    for (let h = 1; h <= 30; h++)
      for (const dport of [21, 22, 23, 80])
        flows.push({ ts: at(0), src: '192.0.2.66', dst: `10.40.0.${h}`, sport: 51562, dport, packets: 1, bytes: 44, flags: 2 });
    // only the appliance's telnet answers the scan
    flows.push(...(shape === 'one-way' ? [{ ts: at(0), src: '10.40.0.5', dst: '192.0.2.66', sport: 23, dport: 51562, packets: 1, bytes: 44, flags: 18 }] : []));
    return flows;
  }
  const login = (shape: Shape) => session({ s: 62, src: '192.0.2.66', dst: '10.40.0.5', sport: 57052, dport: 23, pk: 14, out: 794, rpk: 12, back: 887 }, shape);

  it.each(SHAPES)('finds a telnet login from the address that scanned a minute earlier (%s rows)', async (shape) => {
    const a = await newAssessment();
    await insertFlows(a, [...scan(shape), ...login(shape)]);
    const found = await runDetectors(a, [exposedService]);
    expect(pick(found)).toEqual([['network.exposed-service', 'T1133', '10.40.0.5', '192.0.2.66']]);
    expect(found[0]?.summary).toContain('192.0.2.66 held 1 telnet session with 10.40.0.5:23 from the internet (794 B in, 887 B out), 62 s after it probed');
    expect(found[0]?.severity).toBe('high');
  });

  it('without the scan it is medium; banner grabs, HTTPS and an internal admin’s telnet stay quiet', async () => {
    const a = await newAssessment();
    await insertFlows(a, login('two-way'));
    expect((await runDetectors(a, [exposedService])).map((d) => [d.severity, d.score])).toEqual([['medium', 0.7]]);
    const b = await newAssessment();
    await insertFlows(b, [
      ...session({ s: 0, src: '192.0.2.66', dst: '10.40.0.5', sport: 50000, dport: 23, pk: 4, out: 220, rpk: 3, back: 180 }, 'one-way'),
      ...session({ s: 5, src: '192.0.2.70', dst: '10.40.0.6', sport: 50001, dport: 443, pk: 40, out: 4_000, rpk: 50, back: 90_000 }, 'one-way'),
      ...session({ s: 9, src: '10.40.0.20', dst: '10.40.0.5', sport: 50002, dport: 23, pk: 30, out: 2_000, rpk: 30, back: 4_000 }, 'one-way'),
    ]);
    expect(await runDetectors(b, [exposedService])).toEqual([]);
  });
});

describe('routine inbound traffic never makes a download a callback (issue 22 §7)', () => {
  it('stays quiet for monitoring scrapes, an admin login, a sweep, a backup scp and a mirror two hosts use', async () => {
    const a = await newAssessment();
    const flows: TestFlow[] = [];
    let port = 45000;
    // mon scrapes three hosts every 15 s
    for (let i = 0; i < 20; i++)
      for (const dst of ['10.40.0.10', '10.40.0.11', '10.40.0.5'])
        flows.push(...session({ s: i * 15, src: '10.40.0.20', dst, sport: port++, dport: 9100, pk: 6, out: 400, rpk: 6, back: 9_000 }, 'one-way'));
    // an admin logs in to srv1, and the appliance sweeps srv2's SSH
    flows.push(...session({ s: 40, src: '10.40.0.30', dst: '10.40.0.10', sport: port++, dport: 22, pk: 30, out: 4_000, rpk: 30, back: 6_000 }, 'one-way'));
    flows.push(...session({ s: 45, src: '10.40.0.5', dst: '10.40.0.11', sport: port++, dport: 22, pk: 3, out: 164, rpk: 2, back: 120 }, 'one-way'));
    // both fetch packages from the same first-seen mirror right after
    for (const src of ['10.40.0.10', '10.40.0.11'])
      flows.push(...session({ s: 50, src, dst: '198.51.100.80', sport: port++, dport: 80, pk: 40, out: 3_000, rpk: 400, back: 501_452 }, 'one-way'));
    // the key-plant-then-backup pattern: srv1 logs in to srv2, then srv2 pulls a tar from srv1 over scp
    flows.push(...session({ s: 100, src: '10.40.0.10', dst: '10.40.0.11', sport: port++, dport: 22, pk: 22, out: 4_713, rpk: 20, back: 4_781 }, 'one-way'));
    flows.push(...session({ s: 122, src: '10.40.0.11', dst: '10.40.0.10', sport: port++, dport: 22, pk: 32, out: 5_533, rpk: 300, back: 314_357 }, 'one-way'));
    await insertFlows(a, flows);
    expect(await runDetectors(a, [ingressTransfer, exploitCallback])).toEqual([]);
  });

  it('still finds a download from a first-seen server right after an internet address logged in', async () => {
    const a = await newAssessment();
    await insertFlows(a, [
      ...session({ s: 0, src: '203.0.113.66', dst: '10.20.30.10', sport: 50000, dport: 22, pk: 40, out: 5_000, rpk: 40, back: 8_000, dur: 120 }, 'one-way'),
      ...session({ s: 30, src: '10.20.30.10', dst: '198.51.100.99', sport: 50001, dport: 80, pk: 20, out: 800, rpk: 200, back: 250_000 }, 'one-way'),
    ]);
    const found = await runDetectors(a, [ingressTransfer]);
    expect(pick(found)).toEqual([['network.ingress-transfer', 'T1105', '10.20.30.10', '198.51.100.99']]);
    expect(found[0]?.summary).toContain('30 s after 203.0.113.66 connected to its port 22');
  });
});

describe('ICMP endpoints', () => {
  it('shows type and code, not the NetFlow port', async () => {
    const { rows } = await getPool().query(
      `SELECT ${endpointSql('x.ip', 'x.port', 'x.proto')} AS t FROM (VALUES ('192.0.2.67'::inet, 2048, 1), ('2001:db8::1'::inet, 32768, 58), ('10.0.0.1'::inet, 443, 6)) AS x(ip, port, proto)`,
    );
    expect(rows.map((r) => r.t)).toEqual(['192.0.2.67 (ICMP type 8 code 0)', '2001:db8::1 (ICMPv6 type 128 code 0)', '10.0.0.1:443']);
  });
});

async function ingestFlows(file: string): Promise<string> {
  const a = await createAssessment({ name: 'network-only fixtures' });
  const result = await runIngest(await addLocalUpload({ assessmentId: a, kind: 'flows', file: fixture(file) }));
  expect(result?.records ?? 0).toBeGreaterThan(0);
  return a;
}

describeFixtures('network.exposed-service on real captures', () => {
  // The traces use private addresses on both sides: the victim's network is named internal, so
  // the scanner's and the guesser's addresses count as the internet.
  it.each(['flows/derived/zeek-vnc-scanner/zeek_vnc_scanner.nfpcapd.nfdump.csv', 'flows/derived/zeek-vnc-scanner/zeek_vnc_scanner.softflowd.ipfix.pcap'])(
    'zeek rfb_vnc-scanner: an RFB handshake from outside to VNC :5900 (%s)',
    async (file) => {
      const a = await ingestFlows(file);
      const found = await runDetectors(a, [exposedService], {}, ['10.0.0.0/8']);
      expect(pick(found)).toEqual([['network.exposed-service', 'T1133', '10.0.0.149', '192.168.0.11']]);
      expect(found[0]?.summary).toContain('192.168.0.11 held 1 VNC session with 10.0.0.149:5900 from the internet');
    },
  );

  it('zeek ftp_bruteforce: FTP logins from outside, one activity for the source', async () => {
    const a = await ingestFlows('flows/derived/zeek-ftp-bruteforce/zeek_ftp_bruteforce.nfpcapd.nfdump.csv');
    const found = await runDetectors(a, [exposedService], {}, ['192.168.56.101/32']);
    expect(pick(found)).toEqual([['network.exposed-service', 'T1133', '192.168.56.101', '192.168.56.1']]);
    expect(found[0]?.summary).toMatch(/^192\.168\.56\.1 held \d+ FTP sessions with 192\.168\.56\.101:21/);
  });
});
