// An address as a place: what the flows, activities and blind spots of one assessment say about
// it; an address the assessment never saw, or text that is no address, has no page.
import { beforeAll, describe, expect, it } from 'vitest';
import { insertFlows, newAssessment } from '../../test/kits/detect';
import { getPool } from '../db/client';
import { mapHostManually } from '../hosts/host-rows';
import { getActivities } from './get-activities';
import { getAddressBlindSpots, getAddressFlows, getAddressPeers, getAddressSummary, isAddress, parseAddress } from './get-address';

const T = Date.parse('2026-03-07T10:00:00Z');
const at = (s: number) => new Date(T + s * 1000).toISOString();
const APPLIANCE = '10.0.0.9';
const SCANNER = '198.51.100.7';
let id = '';

beforeAll(async () => {
  id = await newAssessment();
  await mapHostManually(id, 'web01', '10.0.0.5');
  // The appliance answers 3 of 5 probes and starts 2 flows of its own to the outside.
  await insertFlows(id, [
    ...Array.from({ length: 5 }, (_, i) => ({
      ts: at(i),
      src: SCANNER,
      dst: APPLIANCE,
      dport: 23,
      packets: 2,
      bytes: 100,
      revPackets: i < 3 ? 1 : null,
      revBytes: i < 3 ? 60 : null,
    })),
    { ts: at(100), src: APPLIANCE, dst: '203.0.113.5', dport: 443, packets: 10, bytes: 5000, revPackets: 8, revBytes: 700 },
    { ts: at(200), src: APPLIANCE, dst: '203.0.113.5', dport: 443, packets: 10, bytes: 5000, revPackets: 8, revBytes: 700 },
    // Not the appliance: 10.0.0.99 only shares a prefix with it.
    { ts: at(300), src: SCANNER, dst: '10.0.0.99', dport: 23 },
  ]);
  await getPool().query(
    `INSERT INTO activity (assessment_id, stage, technique, host_name, host_ips, peer, start_ts, end_ts, network, logs, score, severity, summary)
     VALUES ($1, 'recon', 'T1595.001', NULL, ARRAY[$2], $3::inet, $4, $4, 'detected', 'blind', 0.5, 'low', 'scan of the appliance')`,
    [id, APPLIANCE, SCANNER, at(0)],
  );
  await getPool().query(`INSERT INTO blind_spot (assessment_id, kind, source, ip, detail) VALUES ($1, 'host_without_logs', 'logs', $2::inet, $3)`, [
    id,
    APPLIANCE,
    `7 flows involve ${APPLIANCE}, but no host is mapped to that address`,
  ]);
});

describe('parseAddress', () => {
  it('takes IPv4 and IPv6 text and nothing else', () => {
    expect(parseAddress('10.0.0.9')).toBe('10.0.0.9');
    expect(parseAddress('2001:db8::1')).toBe('2001:db8::1');
    for (const bad of ['', 'web01', '10.0.0.256', '10.0.0.0/8', 'fe80::1%eth0', '1.2.3.4 ', `${'1'.repeat(46)}`, "1.2.3.4'--"])
      expect(parseAddress(bad)).toBeNull();
    expect(isAddress('10.0.0.9')).toBe(true);
    expect(isAddress('(network-wide)')).toBe(false);
  });
});

describe('an address of an assessment', () => {
  it('counts its flows by direction, what it answered, its bytes and peers', async () => {
    const s = await getAddressSummary(id, APPLIANCE);
    expect(s).not.toBeNull();
    expect(s?.hosts).toEqual([]);
    expect(s?.flows).toMatchObject({ total: 7, sent: 2, received: 5, answered: 3, bytesOut: 2 * 5000 + 3 * 60, bytesIn: 5 * 100 + 2 * 700, peers: 2 });
    expect(s?.flows.first).toBe(at(0));
  });

  it('lists its flows oldest first, a page at a time, and its peers by flows', async () => {
    const first = await getAddressFlows(id, APPLIANCE, { limit: 4, offset: 0 });
    const rest = await getAddressFlows(id, APPLIANCE, { limit: 4, offset: 4 });
    expect(first).toHaveLength(4);
    expect(rest).toHaveLength(3);
    expect(first[0]?.text).toMatch(/^TCP 198\.51\.100\.7:\d+ → 10\.0\.0\.9:23 {2}2 pkts 100 B {2}\(reply 1 pkts 60 B\)/);
    expect(rest.at(-1)?.text).toContain('10.0.0.9:');
    expect(rest.at(-1)?.text).toContain('→ 203.0.113.5:443');
    const peers = await getAddressPeers(id, APPLIANCE);
    expect(peers.map((p) => [p.ip, p.flows, p.ports])).toEqual([
      [SCANNER, 5, ['tcp/23']],
      ['203.0.113.5', 2, ['tcp/443']],
    ]);
  });

  it("gives each flow its Community ID, computed from the stored columns (the spec's TCP and ICMP examples)", async () => {
    // corelight/community-id-spec baseline (tcp.pcap, icmp.pcap; seed 0): the same ID from either
    // direction, so a stitched two-way flow keeps the ID of both of its one-way records.
    const own = await newAssessment();
    await insertFlows(own, [
      { ts: at(0), src: '128.232.110.120', sport: 34855, dst: '66.35.250.204', dport: 80 },
      { ts: at(1), src: '66.35.250.204', sport: 80, dst: '128.232.110.120', dport: 34855 },
      // ICMP echo request (type 8, code 0): Sightline stores type · 256 + code as the destination port.
      { ts: at(2), src: '192.168.0.89', dst: '192.168.0.1', proto: 1, dport: 8 * 256 },
    ]);
    const tcp = await getAddressFlows(own, '66.35.250.204', { limit: 10, offset: 0 });
    expect(tcp.map((f) => f.communityId)).toEqual(['1:LQU9qZlK+B5F3KDmev6m5PMibrg=', '1:LQU9qZlK+B5F3KDmev6m5PMibrg=']);
    const icmp = await getAddressFlows(own, '192.168.0.1', { limit: 10, offset: 0 });
    expect(icmp.map((f) => f.communityId)).toEqual(['1:X0snYXpgwiv9TZtqg64sgzUn6Dk=']);
  });

  it('lists a flow from the address to itself once, in time order among the others', async () => {
    const own = await newAssessment();
    await insertFlows(own, [
      { ts: at(0), src: SCANNER, dst: APPLIANCE, dport: 23 },
      { ts: at(10), src: APPLIANCE, dst: APPLIANCE, dport: 8080 },
      { ts: at(20), src: APPLIANCE, dst: '203.0.113.5', dport: 443 },
      { ts: at(30), src: SCANNER, dst: APPLIANCE, dport: 22 },
    ]);
    const all = await getAddressFlows(own, APPLIANCE, { limit: 10, offset: 0 });
    expect(all.map((f) => f.ts)).toEqual([at(0), at(10), at(20), at(30)]);
    expect(all.filter((f) => f.text.includes(`${APPLIANCE}:8080`))).toHaveLength(1);
    // Pages of one: each side read only as far as the page needs, still in time order.
    const paged = [];
    for (let offset = 0; offset < 5; offset++) paged.push(...(await getAddressFlows(own, APPLIANCE, { limit: 1, offset })));
    expect(paged.map((f) => f.id)).toEqual(all.map((f) => f.id));
    // And among its peers once (itself, with its own service), the scanner's two services in
    // order; peers with as many flows and bytes in address order.
    expect((await getAddressPeers(own, APPLIANCE)).map((p) => [p.ip, p.flows, p.ports])).toEqual([
      [SCANNER, 2, ['tcp/22', 'tcp/23']],
      [APPLIANCE, 1, ['tcp/8080']],
      ['203.0.113.5', 1, ['tcp/443']],
    ]);
  });

  it('finds the activities it takes part in (as host or as peer) and its blind spots', async () => {
    const asHost = await getActivities(id, { subnet: `${APPLIANCE}/32` });
    const asPeer = await getActivities(id, { subnet: `${SCANNER}/32` });
    expect(asHost.rows.map((a) => a.summary)).toEqual(['scan of the appliance']);
    expect(asPeer.total).toBe(1);
    expect((await getAddressBlindSpots(id, APPLIANCE, [])).map((b) => b.kind)).toEqual(['host_without_logs']);
    expect(await getAddressBlindSpots(id, SCANNER, [])).toEqual([]);
  });

  it('names the hosts mapped to it', async () => {
    const s = await getAddressSummary(id, '10.0.0.5');
    expect(s?.hosts.map((h) => h.name)).toEqual(['web01']);
    expect(s?.flows.total).toBe(0);
  });

  it('is unknown when the assessment never saw it', async () => {
    expect(await getAddressSummary(id, '10.0.0.77')).toBeNull();
    expect(await getAddressSummary(id, '2001:db8::9')).toBeNull();
    expect(await getAddressSummary(await newAssessment(), APPLIANCE)).toBeNull();
  });
});
