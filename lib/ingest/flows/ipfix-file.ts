// IPFIX files (RFC 5655, "Specification of the IP Flow Information Export (IPFIX) File
// Format"): IPFIX messages written back to back, templates inside the file, no file header.
// YAF, ipfixcol2 (`ipfix` output), pmacct and `super_mediator` write them. A file is read with
// the very splitter and decoder of raw NetFlow/IPFIX datagrams (netflow/raw-stream.ts,
// netflow/decoder.ts); what this module adds is the recognition: the file must open with a
// version-10 message header whose length is plausible and whose first set is a template or
// data set, and the next message (when the head reaches it) must be one as well.

import type { FlowRecord } from '../../records/records';
import { type FlowFormat, SNIFF_BYTES } from '../format';
import type { ChunkParser, ParseContext } from '../types';
import { datagramVersion } from './netflow/detect';
import { createNetflowRawParser, type NetflowParserOptions } from './netflow/parsers';

/** RFC 7011 §3.1: 16-byte message header; a message carries at least one 4-byte set header. */
const IPFIX_HEADER_LEN = 16;

/** How many messages the sniffer follows in the head; each must be a plausible IPFIX message. */
const SNIFF_MESSAGES = 8;

/**
 * How sure the head is an IPFIX file: every message the head holds in full is a version-10
 * message whose sets fit its length. Mixed versions (a raw NetFlow v9/v5 dump) are left to
 * `netflow-raw`, which scores 0.95 at most; a file of IPFIX messages scores above that.
 */
export function ipfixFileScore(head: Buffer): number {
  const isWholeFile = head.length < SNIFF_BYTES;
  let pos = 0;
  let messages = 0;
  let cut = false;
  while (messages < SNIFF_MESSAGES && pos + IPFIX_HEADER_LEN <= head.length) {
    if (head.readUInt16BE(pos) !== 10) return 0;
    const len = head.readUInt16BE(pos + 2);
    if (len < IPFIX_HEADER_LEN + 4) return 0;
    if (pos + len > head.length) {
      // A message cut by the end of the head (or of a truncated file): judge its first set only.
      if (messages === 0 && !firstSetOk(head, len)) return 0;
      cut = true;
      break;
    }
    if (datagramVersion(head, pos, len) !== 10 || !setsFit(head, pos, len)) return 0;
    pos += len;
    messages++;
  }
  if (messages === 0) return cut ? (isWholeFile ? 0.6 : 0.8) : 0;
  return messages >= 2 || pos === head.length ? 0.97 : 0.8;
}

/** The first set of a message that starts at 0 is a template (2), options template (3) or data set. */
function firstSetOk(head: Buffer, len: number): boolean {
  if (head.length < IPFIX_HEADER_LEN + 4) return false;
  const id = head.readUInt16BE(IPFIX_HEADER_LEN);
  const setLen = head.readUInt16BE(IPFIX_HEADER_LEN + 2);
  return (id === 2 || id === 3 || id >= 256) && setLen >= 4 && setLen <= len - IPFIX_HEADER_LEN;
}

/** Every set header in the message has a length ≥ 4 and the sets end exactly at the message end. */
function setsFit(buf: Buffer, off: number, len: number): boolean {
  let pos = off + IPFIX_HEADER_LEN;
  const end = off + len;
  while (pos + 4 <= end) {
    const setLen = buf.readUInt16BE(pos + 2);
    if (setLen < 4) return false;
    pos += setLen;
  }
  return pos === end;
}

export function createIpfixFileParser(ctx: ParseContext, options: NetflowParserOptions = {}): ChunkParser<FlowRecord> {
  return createNetflowRawParser(ctx, options);
}

export function createIpfixFileFormat(options: NetflowParserOptions = {}): FlowFormat {
  return {
    id: 'ipfix-file',
    kind: 'flows',
    label: 'IPFIX file (RFC 5655: messages back to back, as YAF, ipfixcol2 and pmacct write them)',
    sniff: ipfixFileScore,
    createParser: (ctx) => createIpfixFileParser(ctx, options),
  };
}
