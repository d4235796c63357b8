// AWS VPC Flow Logs (docs.aws.amazon.com/vpc/latest/userguide/flow-log-records;
// docs/ANCHORS.md#aws-vpc-flow-logs). Space-separated. The default version-2 format has a header
// line naming its 14 fields; custom formats (v3–v5) name theirs in whatever order was configured,
// so columns are found by name. Times are the Unix-second bounds of the capture window (1 or 10
// minutes), not of the flow. A file without a header is read as the v2 default; any other field
// count then has no known order (the transit-gateway sample), which is fatal. NODATA/SKIPDATA rows
// are windows with no recorded traffic: skipped and counted in a note, not reported as errors.

import type { FlowRecord } from '../../records/records';
import type { FlowFormat } from '../format';
import { type ChunkParser, IngestError, type ParseContext } from '../types';
import { normalizeIp } from './address-text';
import { parseUint } from './flow-fields';
import { BatchCollector, LineSplitter, lineChunkParser } from './line-splitter';

const V2_DEFAULT = 'version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status';
const V2_FIELDS = V2_DEFAULT.split(' ');
const REQUIRED = ['srcaddr', 'dstaddr', 'start'];

/** Athena and some exporters write `src_addr`-style names; the S3/CloudWatch header uses hyphens. */
const canonicalName = (name: string): string => name.toLowerCase().replace(/_/g, '-');

export function createVpcFlowParser(_ctx: ParseContext): ChunkParser<FlowRecord> {
  const out = new BatchCollector<FlowRecord>();
  let columns: Map<string, number> | undefined;
  let headerLine: string | undefined;
  let idleRows = 0;

  const adoptColumns = (names: string[]): void => {
    columns = new Map(names.map((name, i) => [canonicalName(name), i]));
  };

  const readRow = (fields: string[], lineNo: number): FlowRecord | string | undefined => {
    const cols = columns as Map<string, number>;
    if (fields.length !== cols.size) return `expected ${cols.size} fields, found ${fields.length}`;
    const get = (name: string): string | undefined => {
      const i = cols.get(name);
      const value = i === undefined ? undefined : fields[i];
      return value === '-' ? undefined : value;
    };
    const status = get('log-status');
    if (status === 'NODATA' || status === 'SKIPDATA') {
      idleRows++;
      return undefined;
    }
    const num = (name: string): number => {
      const value = get(name);
      return value === undefined ? 0 : parseUint(value, 0, value.length);
    };
    const srcIp = normalizeIp(get('srcaddr') ?? '');
    if (srcIp === undefined) return `srcaddr "${get('srcaddr') ?? '-'}" is not an address`;
    const dstIp = normalizeIp(get('dstaddr') ?? '');
    if (dstIp === undefined) return `dstaddr "${get('dstaddr') ?? '-'}" is not an address`;
    const start = num('start');
    const end = cols.has('end') ? num('end') : start;
    if (!(start > 0) || !(end >= start)) return `start/end "${get('start') ?? '-'}"/"${get('end') ?? '-'}" are not a time window`;
    const srcPort = num('srcport');
    const dstPort = num('dstport');
    if (!(srcPort <= 65535 && dstPort <= 65535)) return `ports "${get('srcport')}"/"${get('dstport')}" are not valid`;
    const proto = num('protocol');
    if (!(proto <= 255)) return `protocol "${get('protocol')}" is not valid`;
    const packets = num('packets');
    const bytes = num('bytes');
    if (Number.isNaN(packets) || Number.isNaN(bytes)) return 'packets or bytes is not a number';
    const record: FlowRecord = { recordNo: lineNo, startMs: start * 1000, endMs: end * 1000, srcIp, dstIp, srcPort, dstPort, proto, packets, bytes };
    if (proto === 6 && get('tcp-flags') !== undefined) {
      // The OR of the flags seen in the window (AWS logs SYN-ACK as 18, FIN 1, RST 4 …).
      const flags = num('tcp-flags');
      if (!(flags <= 255)) return `tcp-flags "${get('tcp-flags')}" is not valid`;
      record.tcpFlags = flags;
    }
    return record;
  };

  const splitter = new LineSplitter({
    line(line, lineNo) {
      const text = line.trim();
      if (text === '') return;
      let fields = text.split(' ');
      if (fields.includes('')) fields = text.split(/ +/); // runs of spaces: rare, so no regex per row
      if (columns === undefined) {
        if (!/^\d+$/.test(fields[0] ?? '')) {
          const names = fields.map(canonicalName);
          const missing = REQUIRED.filter((name) => !names.includes(name));
          if (missing.length > 0) {
            throw new IngestError(`not a VPC flow log header: no ${missing.join(', ')}`, { line: lineNo, reason: `missing ${missing.join(', ')}` });
          }
          adoptColumns(fields);
          headerLine = text;
          if (text !== V2_DEFAULT) out.notes.push(`custom VPC flow log format: ${fields.length} fields named by the header`);
          return;
        }
        if (fields.length !== V2_FIELDS.length) {
          throw new IngestError(`a VPC flow log without a header must be the v2 default (14 fields); this one has ${fields.length}`, {
            line: lineNo,
            reason: 'custom format without its header line',
          });
        }
        adoptColumns(V2_FIELDS);
        out.notes.push('no header: read as the v2 default format');
      } else if (text === headerLine) {
        return; // files concatenated with their headers
      }
      const row = readRow(fields, lineNo);
      if (typeof row === 'string') out.invalid.push({ line: lineNo, reason: row });
      else if (row !== undefined) out.records.push(row);
    },
    overlong(lineNo) {
      out.invalid.push({ line: lineNo, reason: 'line too long to be a VPC flow log record' });
    },
  });

  return lineChunkParser(splitter, out, () => {
    if (idleRows > 0) out.notes.push(`${idleRows} NODATA/SKIPDATA rows skipped (capture windows without recorded traffic)`);
  });
}

/** A header naming srcaddr/dstaddr, or a header-less row that looks like AWS's own. */
export function sniffVpcFlow(head: Buffer): number {
  let text = head.subarray(0, 8192).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const nl = text.indexOf('\n');
  const first = (nl === -1 ? text : text.slice(0, nl)).trim();
  if (first.includes(',') || first.includes('\t')) return 0;
  const fields = first.split(/ +/).map(canonicalName);
  if (fields[0] === 'version' && fields.includes('srcaddr') && fields.includes('dstaddr')) return 1;
  const awsIds = fields.filter((f) => /^(eni|vpc|subnet|i|tgw|tgw-attach)-[0-9a-f]+$/.test(f)).length;
  const verdict = fields.some((f) => /^(ACCEPT|REJECT|NODATA|SKIPDATA|OK)$/i.test(f));
  if (!/^\d{1,2}$/.test(fields[0] ?? '') || awsIds === 0 || !verdict) return 0;
  return fields.length === V2_FIELDS.length ? 0.9 : 0.7; // other counts: claimed to explain the missing header
}

export const vpcFlowFormat: FlowFormat = {
  id: 'vpc-flow',
  kind: 'flows',
  label: 'AWS VPC Flow Logs (v2 default or custom fields)',
  sniff: sniffVpcFlow,
  createParser: createVpcFlowParser,
};
