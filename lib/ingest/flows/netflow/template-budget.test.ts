// Issue 20, finding 6: 10 000 IPFIX templates of 16 377 fields took +1.8 GB, because the only
// cap was the count of templates. The cache now holds a byte budget per exporter and in all;
// a template past it is a located problem and nothing more is kept.
import { describe, expect, it } from 'vitest';
import type { FlowRecord } from '../../../records/records';
import type { ParseBatch } from '../../types';
import { NetflowDecoder } from './decoder';
import { DEFAULT_TEMPLATE_CACHE_LIMITS, TemplateCache } from './template-cache';

/** One IPFIX message holding one template of `fields` copies of octetDeltaCount (IE 1, 8 bytes). */
function ipfixTemplateMessage(domain: number, templateId: number, fields: number): Buffer {
  const length = 16 + 4 + 4 + fields * 4;
  const b = Buffer.alloc(length);
  b.writeUInt16BE(10, 0);
  b.writeUInt16BE(length, 2);
  b.writeUInt32BE(1_772_928_000, 4);
  b.writeUInt32BE(domain, 12);
  b.writeUInt16BE(2, 16);
  b.writeUInt16BE(length - 16, 18);
  b.writeUInt16BE(templateId, 20);
  b.writeUInt16BE(fields, 22);
  for (let i = 0; i < fields; i++) {
    b.writeUInt16BE(1, 24 + i * 4);
    b.writeUInt16BE(8, 26 + i * 4);
  }
  return b;
}

describe('template memory is bounded by bytes per exporter', () => {
  it('200 templates of 16 000 fields from one exporter (each in its own domain): the budget holds, the rest are located problems', () => {
    const cache = new TemplateCache();
    const decoder = new NetflowDecoder(cache);
    const out: ParseBatch<FlowRecord> = { records: [], invalid: [] };
    let offset = 0;
    for (let i = 0; i < 200; i++) {
      const msg = ipfixTemplateMessage(i, 256 + i, 16_000);
      decoder.decode(msg, 0, msg.length, '192.0.2.9', offset, out);
      offset += msg.length;
    }
    expect(cache.bytesHeld('192.0.2.9')).toBeLessThanOrEqual(DEFAULT_TEMPLATE_CACHE_LIMITS.maxBytesPerExporter);
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.size).toBeLessThan(100);
    expect(out.invalid).toHaveLength(200 - cache.size);
    const msgLen = 16 + 8 + 16_000 * 4;
    expect(out.invalid[0]).toEqual({
      offset: cache.size * msgLen + 20,
      reason: `template ${256 + cache.size} refused: the exporter's templates would hold more than ${DEFAULT_TEMPLATE_CACHE_LIMITS.maxBytesPerExporter} bytes (limit maxBytesPerExporter)`,
    });
  });

  it('another exporter has its own budget; all exporters together meet the total', () => {
    const cache = new TemplateCache({ maxTemplates: 65_536, maxBytesPerExporter: 200_000, maxTotalBytes: 500_000 });
    const decoder = new NetflowDecoder(cache);
    const out: ParseBatch<FlowRecord> = { records: [], invalid: [] };
    for (const exporter of ['192.0.2.1', '192.0.2.2', '192.0.2.3', '192.0.2.4']) {
      for (let i = 0; i < 5; i++) {
        const msg = ipfixTemplateMessage(i, 300, 4000);
        decoder.decode(msg, 0, msg.length, exporter, 0, out);
      }
    }
    expect(cache.bytesHeld('192.0.2.1')).toBeGreaterThan(0);
    expect(cache.bytesHeld('192.0.2.1')).toBeLessThanOrEqual(200_000);
    expect(cache.bytesHeld('192.0.2.4')).toBe(0);
    expect(out.invalid.map((i) => i.reason)).toContain('template 300 refused: templates would hold more than 500000 bytes in all (limit maxTotalBytes)');
  });

  it('redefining a template in place frees its old bytes', () => {
    const cache = new TemplateCache({ maxTemplates: 65_536, maxBytesPerExporter: 200_000, maxTotalBytes: 500_000 });
    const decoder = new NetflowDecoder(cache);
    const out: ParseBatch<FlowRecord> = { records: [], invalid: [] };
    for (let i = 0; i < 100; i++) {
      const msg = ipfixTemplateMessage(1, 300, 4000);
      decoder.decode(msg, 0, msg.length, '192.0.2.1', 0, out);
    }
    expect(out.invalid).toEqual([]);
    expect(cache.size).toBe(1);
  });
});
