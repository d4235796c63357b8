import { isIP } from 'node:net';
import type { LogRecord } from '../../records/records';

// Small setters shared by the message matchers. Addresses are checked because the database
// column is `inet`: a hostname in `rhost=` (loghub Linux: `rhost=220-135-151-1.hinet-ip…`)
// must not reach it.

export function setSrcIp(rec: LogRecord, ip: string | undefined): void {
  if (ip && isIP(ip) !== 0) rec.srcIp = ip;
}

export function setDstIp(rec: LogRecord, ip: string | undefined): void {
  if (ip && isIP(ip) !== 0) rec.dstIp = ip;
}

export function toPort(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isInteger(n) && n >= 0 && n <= 65535 ? n : undefined;
}

export function toInt(s: string | undefined): number | undefined {
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Value of `KEY=value` (space-terminated) in `msg`, or undefined; `key` includes the `=`. */
export function keyValue(msg: string, key: string): string | undefined {
  let i = msg.indexOf(key);
  // Require a word boundary so `SRC=` does not match inside `MACSRC=`.
  while (i > 0 && msg.charCodeAt(i - 1) !== 32) i = msg.indexOf(key, i + 1);
  if (i === -1) return undefined;
  const start = i + key.length;
  const end = msg.indexOf(' ', start);
  return end === -1 ? msg.slice(start) : msg.slice(start, end);
}

/** Splits a command line the way sudo logs it (arguments joined by single spaces). */
export function splitCommand(cmd: string): string[] {
  return cmd.split(' ').filter((a) => a.length > 0);
}
