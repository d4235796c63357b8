// What PostgreSQL accepts in the flow and log_event columns. A parser that lets through an
// out-of-range time, a count past BIGINT or a pid past int4 would make COPY refuse the whole
// upload; ingest checks every record with these and turns a refusal into a located issue.
import net from 'node:net';
import type { DnsQueryRecord, FlowRecord, LogRecord } from '../records/records';

const INT32_MAX = 2 ** 31 - 1;
const INT32_MIN = -(2 ** 31);
// Years 0–9999: what Date#toISOString writes plainly and timestamptz reads back.
const MIN_MS = -62_167_219_200_000;
const MAX_MS = 253_402_300_799_999;

const isInt = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
const optInt = (v: unknown, min: number, max: number) => v === undefined || isInt(v, min, max);
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= MIN_MS && v <= MAX_MS;
/** What an `inet` column accepts (net.isIP also allows a `%zone`, which PostgreSQL refuses). */
const isInet = (v: unknown) => typeof v === 'string' && net.isIP(v) !== 0 && !v.includes('%');
const optInet = (v: unknown) => v === undefined || v === '' || isInet(v);
// Rounded for BIGINT; past 2^53 a double no longer holds an exact count anyway.
const isCount = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v >= 0 && Math.round(v) <= Number.MAX_SAFE_INTEGER;
const optCount = (v: unknown) => v === undefined || isCount(v);
const hasNul = (v: string | undefined) => v?.includes('\0');

/** Why `r` cannot be stored, or undefined when it can. */
export function flowProblem(r: FlowRecord): string | undefined {
  if (!isInt(r.recordNo, 0, INT32_MAX)) return 'record number out of range';
  if (!isTime(r.startMs) || !isTime(r.endMs)) return 'time out of range';
  if (!isInet(r.srcIp) || !isInet(r.dstIp)) return 'address not valid';
  if (!isInt(r.srcPort, 0, 65535) || !isInt(r.dstPort, 0, 65535)) return 'port out of range';
  if (!isInt(r.proto, 0, 255)) return 'protocol out of range';
  if (!isCount(r.packets) || !isCount(r.bytes) || !optCount(r.revPackets) || !optCount(r.revBytes)) return 'packet or byte count out of range';
  if (!optInt(r.tcpFlags, 0, 0x7fff) || !optInt(r.revTcpFlags, 0, 0x7fff)) return 'TCP flags out of range';
  if (!optInet(r.exporter)) return 'exporter address not valid';
  if (!optInt(r.sampling, 1, INT32_MAX)) return 'sampling interval out of range';
  return undefined;
}

/** Why `r` cannot be stored, or undefined when it can. `raw` may hold NUL (copy.ts escapes it). */
export function logProblem(r: LogRecord): string | undefined {
  if (!isInt(r.lineNo, 1, INT32_MAX)) return 'line number out of range';
  if (!isTime(r.tsMs)) return 'time out of range';
  if (typeof r.kind !== 'string' || (r.kind as string) === '' || typeof r.raw !== 'string') return 'event kind or text missing';
  for (const k of ['pid', 'ppid', 'uid', 'euid', 'auid'] as const) if (!optInt(r[k], INT32_MIN, INT32_MAX)) return `${k} out of range`;
  if (!optInt(r.srcPort, 0, 65535) || !optInt(r.dstPort, 0, 65535)) return 'port out of range';
  if (!optInet(r.srcIp) || !optInet(r.dstIp)) return 'address not valid';
  for (const k of ['hostName', 'program', 'userName', 'exe', 'cwd', 'result'] as const) if (hasNul(r[k])) return `NUL byte in ${k}`;
  if (r.argv?.some((v) => typeof v !== 'string' || v.includes('\0')) || r.paths?.some((v) => typeof v !== 'string' || v.includes('\0')))
    return 'NUL byte in arguments or paths';
  return undefined;
}

/** Why `r` cannot be stored, or undefined when it can. */
export function dnsProblem(r: DnsQueryRecord): string | undefined {
  if (!isInt(r.lineNo, 1, INT32_MAX)) return 'line number out of range';
  if (!isTime(r.tsMs)) return 'time out of range';
  if (!isInet(r.clientIp) || !isInet(r.resolverIp)) return 'address not valid';
  if (!optInt(r.clientPort, 0, 65535) || !optInt(r.resolverPort, 0, 65535)) return 'port out of range';
  if (!optInt(r.answers, 0, INT32_MAX)) return 'answer count out of range';
  if (r.answerIps?.some((ip) => !isInet(ip))) return 'answer address not valid';
  for (const k of ['query', 'registeredDomain', 'qtype', 'rcode'] as const) if (hasNul(r[k])) return `NUL byte in ${k}`;
  return undefined;
}
