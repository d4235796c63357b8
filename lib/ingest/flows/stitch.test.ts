import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../../records/records';
import { FlowStitcher } from './stitch';

const T = Date.parse('2026-03-07T10:00:00Z');
let n = 0;
function f(p: Partial<FlowRecord> & { src: string; dst: string; sp: number; dp: number; t: number }): FlowRecord {
  n += 1;
  return {
    recordNo: n,
    startMs: T + p.t * 1000,
    endMs: T + p.t * 1000 + (p.endMs ?? 1000),
    srcIp: p.src,
    dstIp: p.dst,
    srcPort: p.sp,
    dstPort: p.dp,
    proto: p.proto ?? 6,
    packets: p.packets ?? 5,
    bytes: p.bytes ?? 500,
    ...(p.tcpFlags !== undefined ? { tcpFlags: p.tcpFlags } : {}),
  };
}

describe('stitching one-way records into two-way flows', () => {
  it('pairs a request with its reply, initiator first, keeping both record numbers', () => {
    const s = new FlowStitcher();
    // nfdump writes the reply row first sometimes: same second, the client talks to port 443.
    const reply = f({ src: '192.0.2.1', dst: '10.0.0.5', sp: 443, dp: 50000, t: 0, packets: 9, bytes: 9000, tcpFlags: 0x1a });
    const req = f({ src: '10.0.0.5', dst: '192.0.2.1', sp: 50000, dp: 443, t: 0, packets: 7, bytes: 700, tcpFlags: 0x1b });
    const out = [...s.push([reply, req]), ...s.end()];
    expect(out).toEqual([
      expect.objectContaining({
        srcIp: '10.0.0.5',
        dstPort: 443,
        packets: 7,
        bytes: 700,
        revPackets: 9,
        revBytes: 9000,
        tcpFlags: 0x1b,
        revTcpFlags: 0x1a,
        recordNo: req.recordNo,
        revRecordNo: reply.recordNo,
      }),
    ]);
    expect(s.stitched).toBe(1);
  });

  it("writes every field of the two-way flow: the initiator's, the reply's counters, the exporter and sampling", () => {
    const s = new FlowStitcher();
    const req = { ...f({ src: '10.0.0.5', dst: '192.0.2.1', sp: 50000, dp: 443, t: 0, packets: 7, bytes: 700 }), exporter: '10.9.9.9', sampling: 100 };
    const reply = {
      ...f({ src: '192.0.2.1', dst: '10.0.0.5', sp: 443, dp: 50000, t: 1, endMs: 3000, packets: 9, bytes: 9000 }),
      exporter: '10.9.9.9',
      sampling: 100,
    };
    const [merged] = s.push([req, reply]);
    // Exactly these keys: no tcpFlags where neither row had any.
    expect(merged).toStrictEqual({
      recordNo: req.recordNo,
      startMs: req.startMs,
      endMs: reply.endMs,
      srcIp: '10.0.0.5',
      dstIp: '192.0.2.1',
      srcPort: 50000,
      dstPort: 443,
      proto: 6,
      packets: 7,
      bytes: 700,
      revPackets: 9,
      revBytes: 9000,
      revRecordNo: reply.recordNo,
      exporter: '10.9.9.9',
      sampling: 100,
    });
  });

  it('a SYN is the initiator even when its row comes later', () => {
    const s = new FlowStitcher();
    const synack = f({ src: '10.0.0.5', dst: '198.51.100.7', sp: 22, dp: 51000, t: 1, tcpFlags: 0x12 });
    const syn = f({ src: '198.51.100.7', dst: '10.0.0.5', sp: 51000, dp: 22, t: 1, tcpFlags: 0x02 });
    const [m] = [...s.push([synack, syn]), ...s.end()];
    expect(m).toMatchObject({ srcIp: '198.51.100.7', dstPort: 22, tcpFlags: 0x02, revTcpFlags: 0x12 });
  });

  it('leaves unanswered probes, far-apart directions and two-way records alone', () => {
    const s = new FlowStitcher({ windowMs: 60_000, maxPending: 1000 });
    const probe = f({ src: '198.51.100.7', dst: '10.0.0.5', sp: 51000, dp: 23, t: 0, tcpFlags: 2, packets: 1 });
    const late = f({ src: '10.0.0.5', dst: '198.51.100.7', sp: 23, dp: 51000, t: 3600, tcpFlags: 0x14 });
    const zeek: FlowRecord = { ...f({ src: '10.0.0.5', dst: '192.0.2.9', sp: 1, dp: 80, t: 10 }), revPackets: 3, revBytes: 300 };
    const out = [...s.push([probe, zeek, late]), ...s.end()];
    expect(out).toHaveLength(3);
    expect(out.every((r) => r.revRecordNo === undefined)).toBe(true);
    expect(s.stitched).toBe(0);
  });

  it('pairs a record only with the other direction: repeats of the same direction wait for their own reply', () => {
    const s = new FlowStitcher();
    // One conversation key for both directions: the second request must not take the first.
    const req1 = f({ src: '10.0.0.5', dst: '192.0.2.1', sp: 50000, dp: 443, t: 0, tcpFlags: 0x1b });
    const req2 = f({ src: '10.0.0.5', dst: '192.0.2.1', sp: 50000, dp: 443, t: 1, tcpFlags: 0x1b });
    const reply = f({ src: '192.0.2.1', dst: '10.0.0.5', sp: 443, dp: 50000, t: 2, tcpFlags: 0x1a });
    const out = [...s.push([req1, req2, reply]), ...s.end()];
    expect(s.stitched).toBe(1);
    expect(out).toHaveLength(2);
    // The first waiting request gets the reply; the second stays one-way.
    expect(out.find((r) => r.revRecordNo === reply.recordNo)?.recordNo).toBe(req1.recordNo);
    expect(out.find((r) => r.revRecordNo === undefined)?.recordNo).toBe(req2.recordNo);
  });

  it('stitches only the exact reverse: another protocol, port, address or exporter is another conversation', () => {
    const s = new FlowStitcher();
    const req = { ...f({ src: '10.0.0.5', dst: '192.0.2.1', sp: 50000, dp: 53, t: 0, proto: 17 }), exporter: '10.9.9.9' };
    const near = [
      { ...f({ src: '192.0.2.1', dst: '10.0.0.5', sp: 53, dp: 50000, t: 1, proto: 6 }), exporter: '10.9.9.9' }, // TCP
      { ...f({ src: '192.0.2.1', dst: '10.0.0.5', sp: 53, dp: 50001, t: 1, proto: 17 }), exporter: '10.9.9.9' }, // port
      { ...f({ src: '192.0.2.1', dst: '10.0.0.50', sp: 53, dp: 50000, t: 1, proto: 17 }), exporter: '10.9.9.9' }, // address
      { ...f({ src: '192.0.2.10', dst: '10.0.0.5', sp: 53, dp: 50000, t: 1, proto: 17 }), exporter: '10.9.9.9' }, // address
      { ...f({ src: '192.0.2.1', dst: '10.0.0.5', sp: 53, dp: 50000, t: 1, proto: 17 }), exporter: '10.9.9.8' }, // exporter
      f({ src: '192.0.2.1', dst: '10.0.0.5', sp: 53, dp: 50000, t: 1, proto: 17 }), // no exporter
    ];
    expect([...s.push([req, ...near]), ...s.end()]).toHaveLength(7);
    expect(s.stitched).toBe(0);
    // The reply itself, after all of them.
    const t = new FlowStitcher();
    const reply = { ...f({ src: '192.0.2.1', dst: '10.0.0.5', sp: 53, dp: 50000, t: 1, proto: 17 }), exporter: '10.9.9.9' };
    const out = [...t.push([req, ...near, reply]), ...t.end()];
    expect(t.stitched).toBe(1);
    expect(out.find((r) => r.revRecordNo !== undefined)).toMatchObject({ recordNo: req.recordNo, revRecordNo: reply.recordNo });
  });

  it('keeps memory bounded: waiting records are given up on as time moves on', () => {
    const s = new FlowStitcher({ windowMs: 60_000, maxPending: 1000 });
    let emitted = 0;
    for (let i = 0; i < 50_000; i++) emitted += s.push([f({ src: '198.51.100.7', dst: `10.0.${(i >> 8) & 255}.${i & 255}`, sp: 40000, dp: 22, t: i })]).length;
    // At most the window's worth (plus the cap) is still waiting.
    expect(50_000 - emitted).toBeLessThanOrEqual(1000);
    expect(emitted + s.end().length).toBe(50_000);
  });

  it('does not keep the input chunks its waiting records were cut from alive', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const s = new FlowStitcher({ windowMs: 60_000, maxPending: 10_000 });
    gc();
    const before = v8.getHeapStatistics().used_heap_size;
    // 400 chunks of 256 KiB (as a parser reads them), one request each whose reply never comes:
    // the addresses are views of their chunks (13 characters or more) until the stitcher copies them.
    for (let i = 0; i < 400; i++) {
      const text = Buffer.alloc(256 * 1024, 0x20);
      // 13 characters or more: V8 copies shorter substrings itself.
      const src = `203.0.113.${100 + (i % 150)}`;
      const dst = `198.51.${100 + (i >> 8)}.${100 + (i & 127)}`;
      text.write(`${src},${dst}`, 1000, 'latin1');
      const chunk = text.toString('latin1');
      const record = f({
        src: chunk.slice(1000, 1000 + src.length),
        dst: chunk.slice(1001 + src.length, 1001 + src.length + dst.length),
        sp: 40000,
        dp: 443,
        t: 0,
      });
      expect(s.push([record])).toEqual([]);
    }
    gc();
    const held = v8.getHeapStatistics().used_heap_size - before;
    // 400 × 256 KiB = 100 MiB if the chunks stayed; the records themselves are a few hundred kB.
    expect(held).toBeLessThan(20 * 1024 * 1024);
    const out = s.end();
    expect(out).toHaveLength(400);
    expect(out[7]).toMatchObject({ srcIp: '203.0.113.107', dstIp: '198.51.100.107' });
  });
});
