// The binary flow inputs Sightline recognises. A capture file is either an export capture
// (its UDP payloads are NetFlow/IPFIX datagrams: `netflow-pcap`) or ordinary traffic that we
// meter into flows ourselves (`packet-capture`); the sniffers tell them apart by decoding the
// first packets in `head`. `netflow-raw` is datagrams written back to back without framing;
// `ipfix-file` is the RFC 5655 file, IPFIX messages only, read by the same splitter and decoder.
import { type FlowFormat, SNIFF_BYTES } from '../format';
import { createIpfixFileFormat } from './ipfix-file';
import { datagramVersion, rawDatagramLength } from './netflow/detect';
import { createNetflowPcapParser, createNetflowRawParser } from './netflow/parsers';
import type { TemplateCache } from './netflow/template-cache';
import { nfcapdFormat } from './nfcapd';
import { createPacketCaptureParser } from './packet-flows';
import { decodePacketHeaders, newPacketHeaders } from './packet-headers';
import { isCaptureMagic, PcapReader } from './pcap';

export { createNetflowPcapParser, createNetflowRawParser } from './netflow/parsers';
export { TemplateCache } from './netflow/template-cache';
export { createPacketCaptureParser, DEFAULT_PACKET_FLOW_SETTINGS } from './packet-flows';

/** How many leading packets of a capture the sniffers look at. */
const SURVEY_PACKETS = 64;

export interface CaptureSurvey {
  /** IP packets among the first SURVEY_PACKETS. */
  ip: number;
  /** Of those, UDP packets whose payload is a NetFlow/IPFIX datagram. */
  netflow: number;
}

/** Decodes the first packets of a capture's head (null when it is not a capture file). */
export function surveyCapture(head: Buffer): CaptureSurvey | null {
  if (!isCaptureMagic(head)) return null;
  const survey: CaptureSurvey = { ip: 0, netflow: 0 };
  const headers = newPacketHeaders();
  let seen = 0;
  new PcapReader().push(
    head,
    (p) => {
      if (seen++ >= SURVEY_PACKETS || !decodePacketHeaders(p.linkType, p.data, headers)) return;
      survey.ip++;
      if (headers.proto === 17 && datagramVersion(p.data, headers.payloadOffset, headers.payloadLength) !== 0) {
        survey.netflow++;
      }
    },
    [],
  );
  return survey;
}

function netflowCaptureScore(head: Buffer): number {
  const s = surveyCapture(head);
  if (s === null || s.netflow === 0) return 0;
  return 0.6 + (0.39 * s.netflow) / s.ip;
}

function packetCaptureScore(head: Buffer): number {
  const s = surveyCapture(head);
  if (s === null) return 0;
  // No IP packet in view (huge first frame, exotic link type): still a capture, say so mildly.
  if (s.ip === 0) return 0.5;
  return 0.9 - (0.8 * s.netflow) / s.ip;
}

function rawNetflowScore(head: Buffer): number {
  const isWholeFile = head.length < SNIFF_BYTES;
  const len = rawDatagramLength(head, 0, head.length, isWholeFile);
  if (len <= 0 || datagramVersion(head, 0, len) === 0) return 0;
  if (len === head.length) return 0.9;
  // A second datagram right behind the first makes it near certain.
  const next = rawDatagramLength(head, len, head.length - len, isWholeFile);
  return next > 0 && datagramVersion(head, len, next) !== 0 ? 0.95 : 0.7;
}

export interface BinaryFlowFormatOptions {
  /**
   * One exporter-state cache for every NetFlow parser made by these formats, so that files of
   * one upload can lend each other templates (akvorado ships `*-template.pcap` apart from
   * `*-data.pcap`). Templates must then be read before the data that needs them; data sets
   * waiting at the end of a file are reported as issues of that file.
   */
  templates?: TemplateCache;
}

/** The binary flow formats; pass `templates` to share exporter state between files. */
export function createBinaryFlowFormats(options: BinaryFlowFormatOptions = {}): FlowFormat[] {
  const netflowOptions = { templates: options.templates };
  return [
    {
      id: 'netflow-pcap',
      kind: 'flows',
      label: 'NetFlow v5/v9 or IPFIX export captured in pcap/pcapng',
      sniff: netflowCaptureScore,
      createParser: (ctx) => createNetflowPcapParser(ctx, netflowOptions),
    },
    {
      id: 'netflow-raw',
      kind: 'flows',
      label: 'NetFlow v5/v9 or IPFIX datagrams, raw (concatenated UDP payloads)',
      sniff: rawNetflowScore,
      createParser: (ctx) => createNetflowRawParser(ctx, netflowOptions),
    },
    createIpfixFileFormat(netflowOptions),
    nfcapdFormat,
    {
      id: 'packet-capture',
      kind: 'flows',
      label: 'Packet capture (pcap/pcapng) metered into two-way flows',
      sniff: packetCaptureScore,
      createParser: (ctx) => createPacketCaptureParser(ctx),
    },
  ];
}

/** Independent files: every parser starts with empty exporter state. */
export const binaryFlowFormats: FlowFormat[] = createBinaryFlowFormats();
