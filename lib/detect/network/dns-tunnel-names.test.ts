// The DNS-tunnel detector on query names: a generated Zeek dns.log (a tunnel through the internal
// resolver beside a company's many hostnames, a CDN's hashed names, PTR sweeps and a browser),
// loaded through the real ingest; the real RITA dns.log stays quiet; with flows of the same
// tunnel, the flow-based detector's detection and this one make one activity whose drill-down
// shows the DNS queries.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFixtures, fixture } from '../../../test/fixtures';
import { correlateNow, insertEvents, insertFlows, newAssessment, runDetectors, type TestFlow, uuid } from '../../../test/kits/detect';
import { addLocalUpload } from '../../assessments/service';
import { closeDb, getPool } from '../../db/client';
import { mapHostManually } from '../../hosts/host-rows';
import { runIngest } from '../../pipeline';
import { getActivityEvidence } from '../../queries/get-activity-evidence';
import { dnsTunnel } from './dns-tunnel';
import { dnsTunnelNames } from './dns-tunnel-names';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-dns-'));
afterAll(async () => {
  fs.rmSync(tmp, { recursive: true, force: true });
  await closeDb();
});

const T0 = Date.parse('2024-03-07T10:00:00Z') / 1000;
const HEAD = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tdns',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\ttrans_id\tquery\tqtype\tqtype_name\trcode\trcode_name\tanswers',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tcount\tstring\tcount\tstring\tcount\tstring\tvector[string]',
];

/** Deterministic pseudo-random text over `abc` (base32 by default: a tunnel's encoded payload). */
function base32(seed: number, n: number, abc = 'abcdefghijklmnopqrstuvwxyz234567'): string {
  let x = seed * 2654435761;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += abc[Math.floor((x / 2147483648) * abc.length)];
  }
  return out;
}

interface Q {
  t: number;
  client: string;
  resolver: string;
  name: string;
  qtype: 'A' | 'AAAA' | 'TXT' | 'PTR';
  answers?: string;
}

const QTYPE_NUM = { A: 1, AAAA: 28, TXT: 16, PTR: 12 } as const;

function zeekDns(qs: Q[]): string {
  const rows = qs.map((q, i) =>
    [
      (T0 + q.t).toFixed(6),
      `C${i}`,
      q.client,
      30000 + (i % 30000),
      q.resolver,
      53,
      'udp',
      i % 65536,
      q.name,
      QTYPE_NUM[q.qtype],
      q.qtype,
      0,
      'NOERROR',
      q.answers ?? '-',
    ].join('\t'),
  );
  return `${[...HEAD, ...rows].join('\n')}\n`;
}

/** A tunnel (`tunnel` TXT queries of 56-character labels, forwarded upstream) and routine look-alikes. */
function generated(tunnel: number): Q[] {
  const qs: Q[] = [];
  for (let i = 0; i < tunnel; i++) {
    const name = `${base32(i + 1, 56)}.${base32(i + 7, 8)}.tunnel-c2.net`;
    qs.push({ t: 90 + i * 0.25, client: '10.40.0.5', resolver: '10.40.0.53', name, qtype: 'TXT', answers: 'TXT 20 x' });
    qs.push({ t: 90 + i * 0.25 + 0.01, client: '10.40.0.53', resolver: '192.0.2.53', name, qtype: 'TXT', answers: 'TXT 20 x' });
  }
  // A company's 600 hostnames asked by its inventory scanner: many subdomains, ordinary names.
  for (let i = 0; i < 600; i++)
    qs.push({ t: i * 0.5, client: '10.40.0.10', resolver: '10.40.0.53', name: `host-${String(i).padStart(3, '0')}.eu.corp-example.com`, qtype: 'A' });
  // A CDN's hashed object names: random but short, A records.
  for (let i = 0; i < 400; i++)
    qs.push({ t: i * 0.7, client: '10.40.0.11', resolver: '10.40.0.53', name: `${base32(i + 900, 10)}.cdn-example.net`, qtype: 'A' });
  // A monitoring host's reverse lookups of a whole /22: PTR, long, many.
  for (let i = 0; i < 1000; i++)
    qs.push({ t: i * 0.3, client: '10.40.0.12', resolver: '10.40.0.53', name: `${i % 256}.${Math.floor(i / 256)}.40.10.in-addr.arpa`, qtype: 'PTR' });
  // A browser.
  for (const [i, n] of ['www.example.org', 'fonts.gstatic.com', 'www.wikipedia.org', 'upload.wikimedia.org', 'news.ycombinator.com'].entries())
    for (const qtype of ['A', 'AAAA'] as const) qs.push({ t: 20 + i, client: '10.40.0.20', resolver: '10.40.0.53', name: n, qtype, answers: '192.0.2.80' });
  return qs.sort((a, b) => a.t - b.t);
}

async function load(text: string, format = 'zeek-dns'): Promise<string> {
  const a = await newAssessment();
  const file = path.join(tmp, `dns-${a}.log`);
  fs.writeFileSync(file, text);
  const upload = await addLocalUpload({ assessmentId: a, kind: 'flows', file });
  const result = await runIngest(upload);
  expect(result?.files.map((f) => f.format)).toEqual([format]);
  return a;
}

/** The same queries as Suricata EVE (version 2): a query event and its answer event each, and a flow event. */
function eve(qs: Q[]): string {
  const out: string[] = [];
  qs.forEach((q, i) => {
    const ts = new Date((T0 + q.t) * 1000).toISOString().replace('Z', '000+0000');
    const sport = 30000 + (i % 30000);
    const base = { flow_id: i + 1, event_type: 'dns', proto: 'UDP' };
    out.push(
      JSON.stringify({
        ...base,
        timestamp: ts,
        src_ip: q.client,
        src_port: sport,
        dest_ip: q.resolver,
        dest_port: 53,
        dns: { type: 'query', id: i % 65536, rrname: q.name, rrtype: q.qtype },
      }),
    );
    out.push(
      JSON.stringify({
        ...base,
        timestamp: ts,
        src_ip: q.resolver,
        src_port: 53,
        dest_ip: q.client,
        dest_port: sport,
        dns: { version: 2, type: 'answer', id: i % 65536, rcode: 'NOERROR', answers: [{ rrtype: q.qtype }] },
      }),
    );
  });
  out.push(
    JSON.stringify({
      timestamp: '2024-03-07T10:00:00.000000+0000',
      flow_id: 0,
      event_type: 'flow',
      src_ip: '10.40.0.20',
      src_port: 50000,
      dest_ip: '192.0.2.80',
      dest_port: 443,
      proto: 'TCP',
      flow: {
        pkts_toserver: 5,
        pkts_toclient: 4,
        bytes_toserver: 500,
        bytes_toclient: 4000,
        start: '2024-03-07T10:00:00.000000+0000',
        end: '2024-03-07T10:00:01.000000+0000',
      },
    }),
  );
  return `${out.join('\n')}\n`;
}

const pick = (found: Awaited<ReturnType<typeof runDetectors>>) => found.map((d) => [d.detector, d.technique, d.hostIp, d.peer, d.severity]);

describe('network.dns-tunnel-names', () => {
  it('finds the tunnelling client through the resolver, in RITA’s bands, naming the upstream; routine look-alikes stay quiet', async () => {
    const qs = generated(300);
    const a = await load(zeekDns(qs));
    const { rows } = await getPool().query<{ n: number }>('SELECT count(*)::int AS n FROM dns_query WHERE assessment_id = $1', [a]);
    expect(rows[0]?.n).toBe(qs.length);
    const found = await runDetectors(a, [dnsTunnelNames]);
    expect(pick(found)).toEqual([['network.dns-tunnel-names', 'T1572', '10.40.0.5', '10.40.0.53', 'medium']]);
    expect(found[0]?.stage).toBe('c2');
    expect(found[0]?.summary).toMatch(
      /^10\.40\.0\.5 asked resolver 10\.40\.0\.53 for 300 distinct names under tunnel-c2\.net \(300 queries, mean 79 characters, 100% TXT\/NULL, 4\.\d bits per character\) in 75 s — RITA band 100; forwarded by 10\.40\.0\.53 to 192\.0\.2\.53:53 \(300 queries\)$/,
    );
    expect(found[0]?.evidenceIds).toHaveLength(300);
  });

  it('finds the same tunnel in Suricata EVE dns events, stored beside the EVE flows', async () => {
    const qs = generated(300);
    const a = await load(eve(qs), 'suricata-eve');
    const { rows } = await getPool().query<{ dns: number; answered: number; flows: number }>(
      `SELECT (SELECT count(*)::int FROM dns_query WHERE assessment_id = $1) AS dns,
              (SELECT count(*)::int FROM dns_query WHERE assessment_id = $1 AND rcode = 'NOERROR' AND answers = 1) AS answered,
              (SELECT count(*)::int FROM flow WHERE assessment_id = $1) AS flows`,
      [a],
    );
    expect(rows[0]).toEqual({ dns: qs.length, answered: qs.length, flows: 1 });
    const found = await runDetectors(a, [dnsTunnelNames]);
    expect(pick(found)).toEqual([['network.dns-tunnel-names', 'T1572', '10.40.0.5', '10.40.0.53', 'medium']]);
    expect(found[0]?.summary).toContain('for 300 distinct names under tunnel-c2.net');
    expect(found[0]?.summary).toContain('forwarded by 10.40.0.53 to 192.0.2.53:53 (300 queries)');
  });

  it('rises through RITA’s 500 / 800 / 1,000 bands', async () => {
    const a = await load(zeekDns(generated(1000)));
    const found = await runDetectors(a, [dnsTunnelNames]);
    expect(pick(found)).toEqual([['network.dns-tunnel-names', 'T1572', '10.40.0.5', '10.40.0.53', 'critical']]);
    expect(found[0]?.summary).toContain('RITA band 1000');
    const high = await runDetectors(await load(zeekDns(generated(850))), [dnsTunnelNames]);
    expect(pick(high)[0]?.[4]).toBe('high');
  });

  it('stays quiet below the lowest band, and on short names that are not TXT', async () => {
    const few = await load(zeekDns(generated(99)));
    expect(await runDetectors(few, [dnsTunnelNames])).toEqual([]);
    // The same 300 queries as A lookups of 20-character labels: no TXT/NULL, not long.
    const short = generated(0);
    for (let i = 0; i < 300; i++) short.push({ t: 90 + i, client: '10.40.0.5', resolver: '10.40.0.53', name: `${base32(i, 20)}.tunnel-c2.net`, qtype: 'A' });
    expect(await runDetectors(await load(zeekDns(short)), [dnsTunnelNames])).toEqual([]);
    // dnscat2's 18 hex characters as TXT: caught once there are enough of them.
    const hex = generated(0);
    for (let i = 0; i < 150; i++)
      hex.push({ t: 90 + i, client: '10.40.0.5', resolver: '10.40.0.53', name: `${base32(i + 3, 18, '0123456789abcdef')}.dnsc.r-1x.com`, qtype: 'TXT' });
    const hexFound = await runDetectors(await load(zeekDns(hex)), [dnsTunnelNames]);
    expect(pick(hexFound)).toEqual([['network.dns-tunnel-names', 'T1071.004', '10.40.0.5', '10.40.0.53', 'medium']]);
  });

  it('merges with the flow-based detection of the same tunnel into one activity whose drill-down lists the DNS queries', async () => {
    const qs = generated(300);
    const a = await load(zeekDns(qs));
    const flows: TestFlow[] = [];
    for (let i = 0; i < 300; i++) {
      const ts = new Date((T0 + 90 + i * 0.25) * 1000);
      flows.push({
        ts,
        durationS: 0,
        src: '10.40.0.5',
        dst: '10.40.0.53',
        sport: 20000 + i,
        dport: 53,
        proto: 17,
        packets: 1,
        bytes: 136,
        revPackets: 1,
        revBytes: 160,
        flags: null,
      });
    }
    await insertFlows(a, flows);
    const found = await runDetectors(a, [dnsTunnel, dnsTunnelNames]);
    expect(found.map((d) => d.detector)).toEqual(['network.dns-tunnel', 'network.dns-tunnel-names']);
    await correlateNow(a, 60);
    const { rows } = await getPool().query<{ id: string; technique: string; host: string; peer: string; network: string; detection_ids: string[] }>(
      'SELECT id::text, technique, host_ips[1] AS host, host(peer) AS peer, network, detection_ids::text[] FROM activity WHERE assessment_id = $1',
      [a],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ technique: 'T1071.004', peer: '10.40.0.53', network: 'detected' });
    expect(rows[0]?.detection_ids).toHaveLength(2);
    const ev = await getActivityEvidence(a, rows[0]?.id ?? '', { limit: 1000, offset: 0, source: 'network' });
    expect(ev.counts.network).toBe(600);
    const dns = ev.rows.filter((r) => r.text.startsWith('DNS '));
    expect(dns).toHaveLength(300);
    // Flows carry their Community ID; DNS queries are no flows and have none.
    expect(ev.rows.filter((r) => !r.text.startsWith('DNS ')).every((r) => /^1:[A-Za-z0-9+/]{27}=$/.test(r.communityId ?? ''))).toBe(true);
    expect(dns.every((r) => r.communityId === null)).toBe(true);
    expect(dns[0]?.text).toMatch(/^DNS 10\.40\.0\.5:\d+ → 10\.40\.0\.53:53 {2}TXT [a-z2-7]{56}\.[a-z2-7]{8}\.tunnel-c2\.net {2}NOERROR, 1 answer$/);
    expect(dns[0]?.path).toMatch(/dns-.*\.log$/);
    expect(dns[0]?.line).toBeGreaterThan(7);
  });
});

describe('network.dns-tunnel-names on a real dnscat2 slice', () => {
  const RITA_JSON = path.join(import.meta.dirname, '..', '..', '..', 'test', 'fixtures', 'public', 'zeek-dns', 'rita-json_with_all_fields-dns.log');

  it('finds dnscat2 (23 names of 18 hex characters, TXT) once the lowest band is scaled to the slice, and not at RITA’s 100', async () => {
    const a = await load(fs.readFileSync(RITA_JSON, 'utf8'));
    expect(await runDetectors(a, [dnsTunnelNames])).toEqual([]);
    const found = await runDetectors(a, [dnsTunnelNames], { 'network.dns-tunnel-names': { minSubdomains: 20 } });
    expect(pick(found)).toEqual([['network.dns-tunnel-names', 'T1071.004', '192.168.88.2', '165.227.88.15', 'medium']]);
    expect(found[0]?.summary).toMatch(
      /^192\.168\.88\.2 asked 165\.227\.88\.15 for 23 distinct names under r-1x\.com \(24 queries, mean 32 characters, 100% TXT\/NULL, 3\.\d bits per character\)/,
    );
  });
});

describeFixtures('network.dns-tunnel-names on real DNS logs', () => {
  it('stays quiet on RITA’s proxy dns.log (mDNS, PTR and routine lookups)', async () => {
    const a = await load(fs.readFileSync(fixture('flows/rita/proxy/dns.log'), 'utf8'));
    expect(await runDetectors(a, [dnsTunnelNames], { 'network.dns-tunnel-names': { minSubdomains: 10 } })).toEqual([]);
  });
});

describe('DNS lookups as the network’s evidence', () => {
  it('a logs-detected step to a peer counts the host’s own lookups answered with that peer, and only those', async () => {
    const a = await newAssessment();
    const WEB = '10.0.0.5';
    const DB = '10.0.0.6';
    const PEER = '203.0.113.80';
    const t = Date.parse('2026-03-07T10:00:00Z');
    const at = (s: number) => new Date(t + s * 1000).toISOString();
    await mapHostManually(a, 'web01', WEB);
    await mapHostManually(a, 'db01', DB);
    // web01's traffic is in the flows (the network can be tied to it), none with the peer.
    await insertFlows(a, [{ ts: at(-600), src: WEB, dst: '198.51.100.1', dport: 443 }]);
    const [connect] = await insertEvents(a, [{ ts: at(5), kind: 'connect', exe: '/usr/bin/curl', dst: PEER, dport: 443 }]);
    await getPool().query(
      `INSERT INTO detection (assessment_id, detector, source, stage, technique, host_name, peer, start_ts, end_ts, score, severity, summary, evidence_ids)
       VALUES ($1, 'test', 'logs', 'delivery', 'T1105', 'web01', $2, $3, $3, 0.8, 'medium', 'curl fetched a tool', $4)`,
      [a, PEER, at(5), [connect]],
    );
    const { rows: dns } = await getPool().query<{ id: string }>(
      `INSERT INTO dns_query (assessment_id, source_file_id, line_no, ts, client_ip, resolver_ip, query, registered_domain, qtype, rcode, answers, answer_ips)
       VALUES ($1, $2, 1, $3, $4, '10.0.0.53', 'tools.example.net', 'example.net', 'A', 'NOERROR', 1, ARRAY[$5]::inet[]),
              ($1, $2, 2, $3, $4, '10.0.0.53', 'other.example.net', 'example.net', 'A', 'NOERROR', 1, ARRAY['198.51.100.9']::inet[]),
              ($1, $2, 3, $3, $6, '10.0.0.53', 'tools.example.net', 'example.net', 'A', 'NOERROR', 1, ARRAY[$5]::inet[]),
              ($1, $2, 4, $7, $4, '10.0.0.53', 'tools.example.net', 'example.net', 'A', 'NOERROR', 1, ARRAY[$5]::inet[])
       RETURNING id::text`,
      [a, uuid(), at(3), WEB, PEER, DB, at(3 * 3600)],
    );
    await correlateNow(a, 300);
    const { rows } = await getPool().query(
      `SELECT network, network_records AS n, network_reason AS reason,
              ARRAY(SELECT record_id::text FROM activity_evidence e WHERE e.assessment_id = a.assessment_id AND e.activity_id = a.id AND e.source = 'network') AS ev
       FROM activity a WHERE a.assessment_id = $1`,
      [a],
    );
    expect(rows).toEqual([
      {
        network: 'evidence',
        n: 1,
        reason: 'network: 1 DNS lookup by 10.0.0.5 answered with 203.0.113.80 in the window (09:55:05–10:05:05 UTC), no flow, no detector fired',
        ev: [dns[0]?.id],
      },
    ]);
  });
});
