// ChunkParsers for NetFlow/IPFIX exports: datagrams captured in pcap/pcapng (exporter = the
// UDP source address) and raw files of concatenated datagrams (exporter unknown).
// Pass one TemplateCache to several parsers to decode data whose templates sit in another
// file (akvorado `*-template.pcap` + `*-data.pcap`): feed the template file first.

import type { FlowRecord } from '../../../records/records';
import type { ChunkParser, ParseBatch, ParseContext } from '../../types';
import { decodePacketHeaders, newPacketHeaders } from '../packet-headers';
import { type CapturedPacket, PcapReader } from '../pcap';
import { DEFAULT_PENDING_LIMITS, NetflowDecoder, type PendingLimits } from './decoder';
import { datagramVersion } from './detect';
import { RawDatagramSplitter } from './raw-stream';
import { TemplateCache } from './template-cache';

export interface NetflowParserOptions {
  /** Shared exporter state (templates, sampling, boot times); a fresh one when omitted. */
  templates?: TemplateCache;
  pendingLimits?: PendingLimits;
}

function newBatch(): ParseBatch<FlowRecord> {
  return { records: [], invalid: [] };
}

function addNote(batch: ParseBatch<FlowRecord>, note: string): void {
  batch.notes = [...(batch.notes ?? []), note];
}

export function createNetflowPcapParser(_ctx: ParseContext, options: NetflowParserOptions = {}): ChunkParser<FlowRecord> {
  const reader = new PcapReader();
  const decoder = new NetflowDecoder(options.templates ?? new TemplateCache(), options.pendingLimits ?? DEFAULT_PENDING_LIMITS);
  const headers = newPacketHeaders();
  let otherPackets = 0;
  let batch = newBatch();

  const onPacket = (p: CapturedPacket): void => {
    const d = p.data;
    if (!decodePacketHeaders(p.linkType, d, headers) || headers.proto !== 17 || headers.isLaterFragment) {
      otherPackets++;
      return;
    }
    const start = headers.payloadOffset;
    const end = start + headers.payloadLength;
    const word = end - start >= 2 ? d.readUInt16BE(start) : 0;
    const mayBeNetflow = word === 5 || word === 9 || word === 10;
    // A NetFlow-looking start whose bytes are incomplete deserves a word rather than a guess.
    const incomplete = headers.hasMoreFragments || d.length < p.origLen;
    if (incomplete && mayBeNetflow) {
      const why = headers.hasMoreFragments ? 'IP-fragmented (not reassembled)' : 'cut by the capture snap length';
      batch.invalid.push({ offset: p.offset + start, reason: `NetFlow/IPFIX datagram ${why}; skipped` });
      otherPackets++;
      return;
    }
    if (datagramVersion(d, start, end - start) === 0) {
      otherPackets++;
      return;
    }
    decoder.decode(d, start, end, headers.srcIp, p.offset + start, batch);
  };

  return {
    push(chunk) {
      batch = newBatch();
      reader.push(chunk, onPacket, batch.invalid);
      return batch;
    },
    end() {
      batch = newBatch();
      reader.end(batch.invalid);
      decoder.finish(batch);
      const datagrams = [...decoder.datagrams.values()].reduce((a, b) => a + b, 0);
      if (datagrams === 0 && reader.packets > 0) {
        batch.invalid.push({ offset: 0, reason: 'no NetFlow/IPFIX datagram found in this capture' });
      }
      if (otherPackets > 0) addNote(batch, `${otherPackets} captured packet(s) without a NetFlow/IPFIX payload were ignored`);
      return batch;
    },
  };
}

export function createNetflowRawParser(_ctx: ParseContext, options: NetflowParserOptions = {}): ChunkParser<FlowRecord> {
  const splitter = new RawDatagramSplitter();
  const decoder = new NetflowDecoder(options.templates ?? new TemplateCache(), options.pendingLimits ?? DEFAULT_PENDING_LIMITS);
  let batch = newBatch();
  const onDatagram = (buf: Buffer, start: number, end: number, fileOffset: number): void => {
    decoder.decode(buf, start, end, undefined, fileOffset, batch);
  };
  return {
    push(chunk) {
      batch = newBatch();
      splitter.push(chunk, onDatagram, batch.invalid);
      return batch;
    },
    end() {
      batch = newBatch();
      splitter.end(onDatagram, batch.invalid);
      decoder.finish(batch);
      return batch;
    },
  };
}
