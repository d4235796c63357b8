import net from 'node:net';
import type { LogRecord } from '../../records/records';
import { jsonDepthProblem } from '../json-depth';
import type { ChunkParser, ParseBatch, ParseContext } from '../types';
import { splitBashWords } from './auditd-argv';
import { type AuditEvent, buildLogRecord } from './auditd-event';
import { F, fieldsFrom } from './auditd-kv';
import { type AuditRecord, parseAuditHeader } from './auditd-record';
import { createLineParser } from './split-lines';

// auoms, the audit agent of Azure Monitor / OMS / Sentinel, merges an audit event into one
// line: `type=AUOMS_EXECVE audit(<ts>:<serial>): k=v …` (no `msg=`). Its syslog writer prints
// string fields as `name="value"` without escaping inner quotes (OMS-Auditd-Plugin
// `SyslogEventWriter.cpp`), so `cmdline="bash -c "{echo,…}|{bash,-i}""` is one field, and
// raw fields unquoted even when they hold spaces (`proctitle=java -Dx=y …`). Field ends are
// therefore found at the next ` name=`. Lines come alone or as `SyslogMessage` of Azure Log
// Analytics JSON rows (with `Computer`).

/** Free-text fields auoms writes just before `redactors=` / `containerid=` (its schema's tail). */
const FREE_TEXT = new Set(['cmdline', 'proctitle']);
const TAIL_FIELDS = [' redactors=', ' containerid='];

/** Whether `s[at…]` starts a field: a name ([A-Za-z_][A-Za-z0-9_-]*) then `=`. */
function isFieldStart(s: string, at: number): boolean {
  let i = at;
  const c0 = s.charCodeAt(i);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95)) return false;
  for (i++; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 61) return true;
    if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45)) return false;
  }
  return false;
}

function nextFieldSpace(s: string, from: number): number {
  for (let sp = s.indexOf(' ', from); sp !== -1; sp = s.indexOf(' ', sp + 1)) {
    if (isFieldStart(s, sp + 1)) return sp;
  }
  return s.length;
}

function closingQuote(s: string, from: number): number {
  for (let q = s.indexOf('"', from); q !== -1; q = s.indexOf('"', q + 1)) {
    if (q + 1 === s.length || (s.charCodeAt(q + 1) === 32 && isFieldStart(s, q + 2))) return q;
  }
  return s.length;
}

export function scanAuomsFields(s: string, from: number): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  let i = from;
  while (i < s.length) {
    if (s.charCodeAt(i) === 32) {
      i++;
      continue;
    }
    const eq = s.indexOf('=', i);
    if (eq === -1) break;
    const key = s.slice(i, eq);
    if (key.indexOf(' ') !== -1) {
      i = s.indexOf(' ', i) + 1;
      continue;
    }
    const v = eq + 1;
    let end: number;
    let value: string;
    if (FREE_TEXT.has(key)) {
      const tails = TAIL_FIELDS.map((t) => s.indexOf(t, v)).filter((x) => x !== -1);
      end = tails.length > 0 ? Math.min(...tails) : nextFieldSpace(s, v);
      value = s.slice(v, end);
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    } else if (s.charCodeAt(v) === 34) {
      const q = closingQuote(s, v + 1);
      value = s.slice(v + 1, q);
      end = q + 1;
    } else {
      end = nextFieldSpace(s, v);
      value = s.slice(v, end);
    }
    out[key] = value;
    i = end;
  }
  return out;
}

/** `["/bin/bash","/lib64/ld.so"]` → list; malformed text gives an empty list. */
function parseList(text: string | undefined): string[] {
  if (text === undefined || !text.startsWith('[')) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed.map((x) => String(x)) : [];
  } catch {
    return [];
  }
}

export function auomsToEvent(line: string, lineNo: number, timeZone: string, computer?: string): AuditEvent | string {
  const header = parseAuditHeader(line, timeZone, 'audit(');
  if (typeof header === 'string') return header;
  if (!header.type.startsWith('AUOMS_')) return `not an auoms record (type=${header.type.slice(0, 40)})`;
  const f = scanAuomsFields(line, header.bodyStart);
  // auoms writes translated names under their own keys (`user=tomcat uid=1001`); the builder
  // reads translations from the ENRICHED-style upper-case fields. Its proctitle is the exec-ing
  // process's own title (space-joined), never the new argv, so it is left out.
  const fields = fieldsFrom(f);
  fields[F.proctitle] = undefined;
  fields[F.UID] = f.user;
  fields[F.AUID] = f.audit_user;
  const records: AuditRecord[] = [{ type: 'SYSCALL', fields }];
  if (f.cwd !== undefined) records.push({ type: 'CWD', fields: fieldsFrom({ cwd: f.cwd }) });
  const names = parseList(f.path_name);
  const types = parseList(f.path_nametype);
  names.forEach((name, i) => {
    records.push({ type: 'PATH', fields: fieldsFrom({ name, nametype: types[i] }) });
  });
  const saddr = f.saddr_r ?? f.saddr;
  if (saddr !== undefined) records.push({ type: 'SOCKADDR', fields: fieldsFrom({ saddr }) });
  const event: AuditEvent = { lineNo, tsMs: header.tsMs, raw: line, records };
  const node = computer ?? f.node;
  if (node !== undefined && node !== '') event.node = node;
  if (f.cmdline !== undefined) event.argv = splitBashWords(f.cmdline);
  return event;
}

/** An Azure Log Analytics row: the audit line is in `SyslogMessage`, the host in `Computer`. */
function fromJsonRow(text: string): { line: string; computer?: string; hostIp?: string } | string {
  let row: unknown;
  const tooDeep = jsonDepthProblem(text);
  if (tooDeep !== undefined) return tooDeep;
  try {
    row = JSON.parse(text);
  } catch {
    return 'not valid JSON';
  }
  if (typeof row !== 'object' || row === null) return 'JSON line is not an object';
  const { SyslogMessage: message, Computer: computer, HostIP: hostIp } = row as Record<string, unknown>;
  if (typeof message !== 'string') return 'JSON row without SyslogMessage';
  const out: { line: string; computer?: string; hostIp?: string } = { line: message };
  if (typeof computer === 'string' && computer !== '') out.computer = computer;
  if (typeof hostIp === 'string' && net.isIP(hostIp) !== 0) out.hostIp = hostIp;
  return out;
}

export function createAuomsParser(ctx: ParseContext): ChunkParser<LogRecord> {
  // Log Analytics rows name the host's address (`HostIP`): tell host identity once per pair.
  const told = new Set<string>();
  const push = (batch: ParseBatch<LogRecord>, lineNo: number, ev: AuditEvent | string) => {
    if (typeof ev === 'string') batch.invalid.push({ line: lineNo, reason: ev });
    else batch.records.push(buildLogRecord(ev, ctx.hostHint));
  };
  return createLineParser<LogRecord>({
    onLine(text, lineNo, batch) {
      if (text.charCodeAt(0) !== 123) {
        push(batch, lineNo, auomsToEvent(text, lineNo, ctx.timeZone));
        return;
      }
      const row = fromJsonRow(text);
      if (typeof row === 'string') push(batch, lineNo, row);
      else {
        const ev = auomsToEvent(row.line, lineNo, ctx.timeZone, row.computer);
        push(batch, lineNo, ev);
        const key = `${row.computer}|${row.hostIp}`;
        if (typeof ev !== 'string' && row.computer && row.hostIp && !told.has(key)) {
          told.add(key);
          batch.records.push({
            lineNo,
            tsMs: ev.tsMs,
            hostName: row.computer,
            kind: 'address_assigned',
            srcIp: row.hostIp,
            program: 'log-analytics',
            result: 'HostIP',
            raw: `HostIP=${row.hostIp} Computer=${row.computer}`,
          });
        }
      }
    },
  });
}
