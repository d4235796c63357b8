// Host identity without an inventory, rule by rule, each with the case that must NOT map:
// co-occurrence of a host's log peers with the flows (two hosts behind one NAT address, a host
// scanned but silent in its logs, only 3 matched connections, a port-less peer that talks to
// two hosts at once, an address an inventory gives another host), and the address statements
// in the logs (sshd "Connection from … on B", "Server listening on B", DHCP; wildcard and
// loopback say nothing). Real PostgreSQL, through resolveHosts as the analysis runs it.
import { afterAll, describe, expect, it } from 'vitest';
import { insertEvents, insertFlows, newAssessment, type TestEvent, type TestFlow } from '../../test/kits/detect';
import { closeDb, getPool } from '../db/client';
import { extractEvent } from '../ingest/logs/syslog-events';
import type { LogRecord } from '../records/records';
import { type Candidate, decide, IDENTITY_RULE } from './co-occurrence';
import { mapHostManually, resolveHosts, saveHostAddress } from './host-rows';

afterAll(closeDb);

const T0 = Date.parse('2026-03-07T14:00:00Z');
const at = (s: number) => new Date(T0 + s * 1000);

/** sshd lines on `host` from `peer`, one connection each (its own source port), 60 s apart. */
async function sshLogins(id: string, host: string, peer: string, n: number, firstPort: number, startS = 0): Promise<void> {
  const events: TestEvent[] = [];
  for (let i = 0; i < n; i++) {
    const port = firstPort + i;
    events.push({
      ts: at(startS + i * 60),
      host,
      kind: 'ssh_accepted',
      program: 'sshd',
      src: peer,
      raw: `Mar  7 14:0${i}:00 ${host} sshd[10${i}]: Accepted publickey for ops from ${peer} port ${port} ssh2`,
    });
  }
  const ids = await insertEvents(id, events);
  await getPool().query(`UPDATE log_event SET src_port = $2::int + (id - $3::bigint)::int WHERE id = ANY($1::bigint[])`, [ids, firstPort, ids[0]]);
}

/** The flows of those logins: peer:port → address:22, one per connection. */
function sshFlows(peer: string, address: string, n: number, firstPort: number, startS = 0): TestFlow[] {
  return Array.from({ length: n }, (_, i) => ({ ts: at(startS + i * 60 - 0.4), durationS: 3, src: peer, sport: firstPort + i, dst: address, dport: 22 }));
}

async function resolve(id: string): Promise<void> {
  const client = await getPool().connect();
  try {
    await client.query('BEGIN');
    await resolveHosts(client, id);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function addresses(id: string): Promise<Record<string, { ip: string; source: string; basis: string | null; examples: { text: string }[] }[]>> {
  const { rows } = await getPool().query(
    `SELECT h.name, host(ha.ip) AS ip, ha.source, ha.basis, ha.examples FROM host h JOIN host_address ha ON ha.host_id = h.id
     WHERE h.assessment_id = $1 ORDER BY h.name, ha.ip`,
    [id],
  );
  const out: Record<string, { ip: string; source: string; basis: string | null; examples: { text: string }[] }[]> = {};
  for (const r of rows) {
    const list = out[r.name] ?? [];
    list.push({ ip: r.ip, source: r.source, basis: r.basis, examples: r.examples });
    out[r.name] = list;
  }
  return out;
}

async function doubts(id: string): Promise<{ name: string; ip: string; reason: string }[]> {
  const { rows } = await getPool().query(
    `SELECT h.name, host(d.ip) AS ip, d.reason FROM host_address_doubt d JOIN host h ON h.id = d.host_id WHERE d.assessment_id = $1 ORDER BY h.name`,
    [id],
  );
  return rows;
}

describe('co-occurrence with the flows', () => {
  it("maps the one address that explains a host's peer connections, with the log line and the flow that justify it", async () => {
    const id = await newAssessment();
    await sshLogins(id, 'web01', '203.0.113.9', 6, 50_000);
    await insertFlows(id, [
      ...sshFlows('203.0.113.9', '10.0.0.5', 6, 50_000),
      // The same peer at the same times on other ports to another address: not this host's.
      ...sshFlows('203.0.113.9', '10.0.0.6', 6, 51_000),
    ]);
    await resolve(id);
    const got = await addresses(id);
    expect(got.web01?.map((a) => [a.ip, a.source])).toEqual([['10.0.0.5', 'flows']]);
    expect(got.web01?.[0]?.basis).toMatch(/6 peer connections in the logs match flows of this address alone/);
    const texts = got.web01?.[0]?.examples.map((e) => e.text) ?? [];
    expect(texts.some((t) => t.includes('Accepted publickey for ops from 203.0.113.9 port 50000'))).toBe(true);
    expect(texts.some((t) => t.startsWith('flow 203.0.113.9:50000 → 10.0.0.5:22'))).toBe(true);
    expect(await doubts(id)).toEqual([]);
  });

  it("tolerates a host clock 40 s off the exporter's when the line gives the peer's port, not when it does not", async () => {
    const id = await newAssessment();
    await sshLogins(id, 'web01', '203.0.113.9', 6, 50_000, 40); // logged 40 s after the flows
    const portless: TestEvent[] = Array.from({ length: 6 }, (_, i) => ({
      ts: at(5040 + i * 60),
      host: 'db01',
      kind: 'accept',
      program: 'nginx',
      src: '198.51.100.7',
    }));
    await insertEvents(id, portless);
    await insertFlows(id, [
      ...sshFlows('203.0.113.9', '10.0.0.5', 6, 50_000),
      ...Array.from({ length: 6 }, (_, i) => ({ ts: at(5000 + i * 60), src: '198.51.100.7', dst: '10.0.0.6', dport: 80 })),
    ]);
    await resolve(id);
    const got = await addresses(id);
    expect(got.web01?.map((a) => a.ip)).toEqual(['10.0.0.5']);
    expect(got.db01).toBeUndefined();
  });

  it('leaves a host with only 3 matched connections unmapped, listed with the reason', async () => {
    const id = await newAssessment();
    await sshLogins(id, 'web01', '203.0.113.9', 3, 50_000);
    await insertFlows(id, sshFlows('203.0.113.9', '10.0.0.5', 3, 50_000));
    await resolve(id);
    expect(await addresses(id)).toEqual({});
    expect(await doubts(id)).toEqual([{ name: 'web01', ip: '10.0.0.5', reason: expect.stringMatching(/^only 3 peer connections/) }]);
  });

  it('maps neither of two hosts behind one NAT address (both listed for a person)', async () => {
    const id = await newAssessment();
    await sshLogins(id, 'a01', '203.0.113.9', 6, 50_000);
    await sshLogins(id, 'b01', '198.51.100.7', 6, 52_000, 30);
    await insertFlows(id, [...sshFlows('203.0.113.9', '192.0.2.1', 6, 50_000), ...sshFlows('198.51.100.7', '192.0.2.1', 6, 52_000, 30)]);
    await resolve(id);
    expect(await addresses(id)).toEqual({});
    expect(await doubts(id)).toEqual([
      { name: 'a01', ip: '192.0.2.1', reason: expect.stringMatching(/also the address of b01/) },
      { name: 'b01', ip: '192.0.2.1', reason: expect.stringMatching(/also the address of a01/) },
    ]);
  });

  it('gives a scanned host that is silent in its logs no address, and the scan maps nothing', async () => {
    const id = await newAssessment();
    await sshLogins(id, 'web01', '203.0.113.9', 6, 50_000);
    // db01 sends logs (cron) but no peer events; the scanner sweeps it and web01 at the same times.
    await insertEvents(id, [{ ts: at(10), host: 'db01', kind: 'cron_run', program: 'CRON' }]);
    const scan: TestFlow[] = [];
    for (let s = 0; s < 360; s += 2)
      for (const dst of ['10.0.0.5', '10.0.0.6', '10.0.0.9']) scan.push({ ts: at(s), src: '203.0.113.66', dst, dport: 1 + s, flags: 2 });
    await insertFlows(id, [...sshFlows('203.0.113.9', '10.0.0.5', 6, 50_000), ...scan]);
    // A port-less line from the scanner on web01 (sshd's "Did not receive identification string") matches all three.
    await insertEvents(id, [{ ts: at(100), host: 'web01', kind: 'ssh_no_ident', program: 'sshd', src: '203.0.113.66' }]);
    await resolve(id);
    const got = await addresses(id);
    expect(Object.keys(got)).toEqual(['web01']);
    expect(got.web01?.map((a) => a.ip)).toEqual(['10.0.0.5']);
  });

  it('does not decide between two addresses a port-less peer talks to at the same times', async () => {
    const id = await newAssessment();
    // A web server's client lines carry no client port; the client polls two servers each time.
    const events: TestEvent[] = Array.from({ length: 8 }, (_, i) => ({ ts: at(i * 15), host: 'web01', kind: 'accept', program: 'nginx', src: '10.0.0.20' }));
    await insertEvents(id, events);
    await insertFlows(
      id,
      events.flatMap((e) => [
        { ts: new Date(e.ts), src: '10.0.0.20', dst: '10.0.0.5', dport: 80 },
        { ts: new Date(e.ts), src: '10.0.0.20', dst: '10.0.0.6', dport: 9100 },
      ]),
    );
    await resolve(id);
    expect(await addresses(id)).toEqual({});
    expect((await doubts(id)).map((d) => d.reason)).toEqual([expect.stringMatching(/^only 0 peer connections in the logs match flows of this address alone/)]);
  });

  it('keeps named mappings: an inventory address wins, and an address named for another host is not taken', async () => {
    const id = await newAssessment();
    await mapHostManually(id, 'web01', '10.0.0.50');
    await saveHostAddress(getPool(), id, { name: 'other01', ip: '10.0.0.6', source: 'inventory' });
    await sshLogins(id, 'web01', '203.0.113.9', 6, 50_000);
    await sshLogins(id, 'db01', '198.51.100.7', 6, 52_000, 30);
    await insertFlows(id, [...sshFlows('203.0.113.9', '10.0.0.5', 6, 50_000), ...sshFlows('198.51.100.7', '10.0.0.6', 6, 52_000, 30)]);
    await resolve(id);
    const got = await addresses(id);
    expect(got.web01?.map((a) => [a.ip, a.source])).toEqual([['10.0.0.50', 'manual']]);
    expect(got.db01).toBeUndefined();
    expect(await doubts(id)).toEqual([{ name: 'db01', ip: '10.0.0.6', reason: expect.stringMatching(/also the address of other01/) }]);
    // Running again gives the same answer (derived rows are rebuilt, named ones kept).
    await resolve(id);
    expect(await addresses(id)).toEqual(got);
  });
});

describe("a forwarder's configured upstreams", () => {
  const started = (host: string, upstream: string, domain = '') => ({
    ts: at(0),
    host,
    kind: 'syslog',
    program: 'dnsmasq',
    raw: `<30>1 2026-03-07T14:00:00Z ${host} dnsmasq 27055 - -  using nameserver ${upstream}#53${domain ? ` for domain ${domain}` : ''}`,
  });
  const dns = (src: string, dst: string, n: number): TestFlow[] =>
    Array.from({ length: n }, (_, i) => ({ ts: at(60 + i * 10), src, dst, dport: 53, proto: 17 }));

  it('maps the one address that sends to every upstream the forwarder names', async () => {
    const id = await newAssessment();
    await insertEvents(id, [started('resolver', '198.51.100.53'), started('resolver', '192.0.2.53', 'exfil-cdn.test')]);
    // Clients ask the resolver; only the resolver asks both upstreams (a client asks one directly).
    await insertFlows(id, [
      ...dns('10.40.0.5', '10.40.0.53', 5),
      ...dns('10.40.0.53', '198.51.100.53', 3),
      ...dns('10.40.0.53', '192.0.2.53', 3),
      ...dns('10.40.0.10', '198.51.100.53', 2),
    ]);
    await resolve(id);
    const got = await addresses(id);
    expect(got.resolver?.map((a) => [a.ip, a.source])).toEqual([['10.40.0.53', 'flows']]);
    expect(got.resolver?.[0]?.basis).toMatch(/^configured upstream: forwards to 192\.0\.2\.53, 198\.51\.100\.53/);
    expect(got.resolver?.[0]?.examples.map((e) => e.text)).toContainEqual(expect.stringContaining('using nameserver 192.0.2.53#53'));
  });

  it('maps nothing when two addresses send to the upstreams (a shared upstream tells nothing)', async () => {
    const id = await newAssessment();
    await insertEvents(id, [started('resolver', '198.51.100.53')]);
    await insertFlows(id, [...dns('10.40.0.53', '198.51.100.53', 3), ...dns('10.40.0.10', '198.51.100.53', 2)]);
    await resolve(id);
    expect(await addresses(id)).toEqual({});
  });
});

describe('the decision on a candidate', () => {
  const c: Candidate = {
    host: 'web01',
    hostId: '',
    ip: '10.0.0.5',
    matched: 20,
    unique: 10,
    total: 20,
    runnerUp: '10.0.0.6',
    runnerUpUnique: 2,
    examples: [],
  };
  it('maps at the thresholds and not one below each', () => {
    expect(decide(c, undefined).kind).toBe('map');
    expect(decide({ ...c, unique: IDENTITY_RULE.minObservations, runnerUpUnique: 0 }, undefined).kind).toBe('map');
    expect(decide({ ...c, unique: IDENTITY_RULE.minObservations - 1, runnerUpUnique: 0 }, undefined)).toMatchObject({ kind: 'doubt', reason: /^only 4/ });
    expect(decide({ ...c, matched: 18 }, undefined).kind).toBe('map'); // 90 %
    expect(decide({ ...c, matched: 17 }, undefined)).toMatchObject({ kind: 'doubt', reason: /85 %/ });
    expect(decide({ ...c, runnerUpUnique: 5 }, undefined).kind).toBe('map');
    expect(decide({ ...c, runnerUpUnique: 6 }, undefined)).toMatchObject({ kind: 'doubt', reason: /^ambiguous: 10\.0\.0\.6/ });
    expect(decide(c, 'db01')).toMatchObject({ kind: 'doubt', reason: /also the address of db01/ });
  });
});

describe('address statements in the logs', () => {
  function parse(program: string, message: string): LogRecord {
    const rec: LogRecord = { lineNo: 1, tsMs: 0, kind: 'syslog', raw: '' };
    extractEvent(rec, program, message);
    return rec;
  }

  it('reads a specific sshd listen address as a bind of the host, and a wildcard or loopback one as nothing', () => {
    expect(parse('sshd', 'Server listening on 10.0.0.7 port 22.')).toMatchObject({ kind: 'bind', srcIp: '10.0.0.7', srcPort: 22 });
    expect(parse('sshd', 'Server listening on 2001:db8::7 port 2222.')).toMatchObject({ kind: 'bind', srcIp: '2001:db8::7', srcPort: 2222 });
    expect(parse('sshd', 'Server listening on 0.0.0.0 port 22.')).toMatchObject({ kind: 'syslog' });
    expect(parse('sshd', 'Server listening on :: port 22.')).toMatchObject({ kind: 'syslog' });
  });

  it('maps the addresses the logs state, with their lines; loopback and wildcard statements map nothing', async () => {
    const id = await newAssessment();
    const ids = await insertEvents(id, [
      {
        ts: at(0),
        host: 'web01',
        kind: 'accept',
        program: 'sshd',
        src: '203.0.113.9',
        dst: '10.0.0.5',
        raw: 'sshd: Connection from 203.0.113.9 port 5 on 10.0.0.5 port 22',
      },
      { ts: at(1), host: 'web01', kind: 'bind', program: 'sshd', src: '10.0.0.7', raw: 'sshd: Server listening on 10.0.0.7 port 22.' },
      {
        ts: at(2),
        host: 'db01',
        kind: 'address_assigned',
        program: 'dhclient',
        src: '10.0.0.6',
        raw: 'dhclient: bound to 10.0.0.6 -- renewal in 1800 seconds.',
      },
      { ts: at(3), host: 'db01', kind: 'bind', program: 'sshd', src: '127.0.0.1', raw: 'sshd: Server listening on 127.0.0.1 port 22.' },
      {
        ts: at(4),
        host: 'db01',
        kind: 'accept',
        program: 'sshd',
        src: '127.0.0.1',
        dst: '127.0.0.1',
        raw: 'sshd: Connection from 127.0.0.1 port 5 on 127.0.0.1 port 22',
      },
    ]);
    expect(ids).toHaveLength(5);
    await resolve(id);
    const got = await addresses(id);
    expect(Object.fromEntries(Object.entries(got).map(([h, xs]) => [h, xs.map((x) => [x.ip, x.source])]))).toEqual({
      db01: [['10.0.0.6', 'logs']],
      web01: [
        ['10.0.0.5', 'logs'],
        ['10.0.0.7', 'logs'],
      ],
    });
    expect(got.web01?.[0]?.basis).toMatch(/Connection from … on this address/);
    expect(got.web01?.[0]?.examples.map((e) => e.text)).toEqual(['sshd: Connection from 203.0.113.9 port 5 on 10.0.0.5 port 22']);
    expect(got.db01?.[0]?.basis).toMatch(/DHCP/);
  });
});
