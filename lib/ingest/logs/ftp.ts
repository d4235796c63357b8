// FTP servers' logs (docs/ANCHORS.md#ftp-logs): logins, failed logins and transfers, typed so
// detectors can use them — a download is data leaving the server (ftp_download, a data export),
// an upload a file arriving (ftp_upload).
//
// * xferlog (wu-ftpd's transfer log; vsftpd with `xferlog_std_format=YES`, proFTPD's
//   `TransferLog`), one transfer per line, local time without zone:
//     `Thu Dec  4 20:16:20 2026 1 203.0.113.66 52428800 /srv/ftp/customers.csv b _ o r alice ftp 0 * c`
//   current-time transfer-time remote-host bytes filename type(a/b) action(C/U/T/_)
//   direction(o out, i in, d deleted) access(a anonymous, g guest, r real) user service
//   auth-method auth-user status(c complete, i incomplete). A file name may hold spaces: it is
//   what lies between the bytes and the last nine fields.
// * vsftpd's own log (`vsftpd.log`, `xferlog_std_format=NO` or `dual_log_enable`):
//     `Thu Dec  4 20:16:20 2026 [pid 1234] [alice] OK LOGIN: Client "203.0.113.66"`
//     `… [pid 1236] [alice] OK DOWNLOAD: Client "203.0.113.66", "/srv/ftp/c.csv", 52428800 bytes, 1024.00Kbyte/sec`
//   FAIL LOGIN is a failed login; OK/FAIL UPLOAD, DOWNLOAD, MKDIR, DELETE, RENAME and CONNECT
//   lines are typed as far as they go.
// * proFTPD's authentication lines in syslog (`proftpd[pid]: host (addr[addr]) - USER alice:
//   Login successful.` / `- USER alice (Login failed): Incorrect password`): matchProftpd, used by
//   the syslog event extraction.
import type { LogEventKind, LogRecord } from '../../records/records';
import type { LogFormat } from '../format';
import type { ChunkParser, ParseContext } from '../types';
import { localToUtcMs } from '../tz';
import { setSrcIp } from './event-fields';
import { sampleLines } from './sniff-lines';
import { createLineParser } from './split-lines';
import { createSyslogClock, monthNumber, type SyslogClock } from './syslog-clock';
import { addressOrUndefined } from './web-access';

const CTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4}) /;

/** The ctime stamp at the start of a line (local time) as ms, and where the rest begins; or undefined. */
function ctime(s: string, clock: SyslogClock): { tsMs: number; rest: number } | undefined {
  const m = CTIME.exec(s);
  if (m === null) return undefined;
  const mo = monthNumber(m[1] ?? '');
  const d = Number((m[2] ?? '').trim());
  const h = Number(m[3]);
  const mi = Number(m[4]);
  const sec = Number(m[5]);
  if (mo === 0 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60) return undefined;
  clock.markZoneless();
  return { tsMs: localToUtcMs(Number(m[6]), mo, d, h, mi, sec, 0, clock.zone), rest: m[0].length };
}

/** A client address; IPv4 clients of a dual-stack socket (`::ffff:a.b.c.d`) as IPv4. */
function clientIp(text: string): string | undefined {
  return addressOrUndefined(text.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1'));
}

function withHost(rec: LogRecord, ctx: ParseContext): LogRecord {
  if (ctx.hostHint) {
    rec.hostName = ctx.hostHint;
    rec.hostFrom = 'bundle-folder';
  }
  return rec;
}

/** One xferlog line as a record, or the reason it is not one. */
export function parseXferlogLine(s: string, lineNo: number, clock: SyslogClock, ctx: ParseContext): LogRecord | string {
  const t = ctime(s, clock);
  if (t === undefined) return 'no ctime stamp ("Thu Dec  4 20:16:20 2026") at the start of the line';
  const f = s.slice(t.rest).trim().split(/ +/);
  if (f.length < 13) return `an xferlog line has 13 fields after the time, this one ${f.length}`;
  const tail = f.slice(f.length - 9);
  const [type, action, direction, access, user, service, , , status] = tail;
  const bytes = Number(f[2]);
  if (!/^\d+$/.test(f[0] ?? '') || !Number.isSafeInteger(bytes) || !/^\d+$/.test(f[2] ?? '')) return 'transfer time or byte count is not a number';
  if (
    !/^[ab]$/.test(type ?? '') ||
    !/^[CUT_]+$/.test(action ?? '') ||
    !/^[oid]$/.test(direction ?? '') ||
    !/^[agr]$/.test(access ?? '') ||
    !/^[ci]$/.test(status ?? '')
  ) {
    return 'transfer type, action, direction, access mode or completion status is not an xferlog value';
  }
  const file = f.slice(3, f.length - 9).join(' ');
  const kind: LogEventKind = direction === 'o' ? 'ftp_download' : direction === 'i' ? 'ftp_upload' : 'ftp_delete';
  const rec: LogRecord = { lineNo, tsMs: t.tsMs, program: service === 'ftp' || service === undefined ? 'ftpd' : service, kind, raw: s };
  const host = f[1] ?? '';
  const ip = clientIp(host);
  if (ip !== undefined) rec.srcIp = ip;
  if (user !== undefined && user !== '') rec.userName = user;
  if (file !== '') rec.paths = [file];
  rec.argv = [`bytes=${bytes}`, `seconds=${f[0]}`, `access=${access === 'a' ? 'anonymous' : access === 'g' ? 'guest' : 'real'}`];
  if (ip === undefined && host !== '') rec.argv.push(`host=${host}`);
  rec.result = status === 'c' ? 'complete' : 'incomplete';
  return withHost(rec, ctx);
}

const VSFTPD = /^\[pid (\d+)\] (?:\[([^\]]*)\] )?(OK|FAIL)? ?([A-Z]+): Client "([^"]*)"(.*)$/;

/** One vsftpd.log line as a record, or the reason it is not one. */
export function parseVsftpdLine(s: string, lineNo: number, clock: SyslogClock, ctx: ParseContext): LogRecord | string {
  const t = ctime(s, clock);
  if (t === undefined) return 'no ctime stamp ("Thu Dec  4 20:16:20 2026") at the start of the line';
  const m = VSFTPD.exec(s.slice(t.rest));
  if (m === null) return 'no "[pid N] [user] OK|FAIL ACTION: Client "address"" after the time';
  const [, pid, user, outcome, action, client, rest] = m;
  const ok = outcome !== 'FAIL';
  let kind: LogEventKind = 'syslog';
  if (action === 'LOGIN') kind = ok ? 'ftp_login' : 'ftp_login_failed';
  else if (action === 'DOWNLOAD') kind = 'ftp_download';
  else if (action === 'UPLOAD') kind = 'ftp_upload';
  else if (action === 'DELETE') kind = 'ftp_delete';
  else if (action === 'CONNECT') kind = 'ftp_connect';
  const rec: LogRecord = { lineNo, tsMs: t.tsMs, program: 'vsftpd', pid: Number(pid), kind, raw: s };
  setSrcIp(rec, clientIp(client ?? ''));
  if (user !== undefined && user !== '') rec.userName = user;
  const file = /^, "([^"]*)"/.exec(rest ?? '')?.[1];
  if (file !== undefined && file !== '') rec.paths = [file];
  const bytes = /, (\d+) bytes/.exec(rest ?? '')?.[1];
  rec.argv = [`${outcome ?? ''} ${action}`.trim()];
  if (bytes !== undefined) rec.argv.push(`bytes=${bytes}`);
  if (outcome !== undefined) rec.result = ok ? 'success' : 'failed';
  return withHost(rec, ctx);
}

function lineFormat(id: string, label: string, parse: typeof parseXferlogLine): LogFormat {
  const createParser = (ctx: ParseContext): ChunkParser<LogRecord> => {
    const clock = createSyslogClock(ctx);
    return createLineParser<LogRecord>({
      onLine(text, lineNo, batch) {
        const rec = parse(text, lineNo, clock, ctx);
        if (typeof rec === 'string') batch.invalid.push({ line: lineNo, reason: rec });
        else batch.records.push(rec);
      },
      onEnd(batch) {
        const notes = clock.notes();
        if (ctx.hostHint) notes.push(`${label} attributed to "${ctx.hostHint}" (from the folder name)`);
        batch.notes = notes;
      },
    });
  };
  return {
    id,
    kind: 'logs',
    label,
    sniff: (head) => {
      const clock = createSyslogClock({ path: '', timeZone: 'UTC', mtimeMs: 0 });
      const lines = sampleLines(head);
      if (lines.length === 0) return 0;
      const hits = lines.filter((l, i) => typeof parse(l, i + 1, clock, { path: '', timeZone: 'UTC' }) !== 'string').length;
      const share = hits / lines.length;
      return share < 0.5 ? 0 : 0.9 * share;
    },
    createParser,
  };
}

export const xferlogFormat = lineFormat('xferlog', 'FTP transfer log (xferlog: vsftpd, proFTPD TransferLog, wu-ftpd)', parseXferlogLine);
export const vsftpdFormat = lineFormat('vsftpd-log', 'vsftpd log (vsftpd.log)', parseVsftpdLine);

const PROFTPD = /^\S+ \(([^[)]*)\[([^\]]*)\]\) - (USER|ANON) ([^\s:()]+)(?: \(Login failed\))?: (.*)$/;

/** proFTPD's login lines in syslog: `host (name[addr]) - USER alice: Login successful.` */
export function matchProftpd(msg: string, rec: LogRecord): boolean {
  const m = PROFTPD.exec(msg);
  if (m === null) return false;
  const failed = msg.includes('(Login failed)') || /no such user|Incorrect password|denied/i.test(m[5] ?? '');
  const ok = /Login successful/i.test(m[5] ?? '');
  if (!failed && !ok) return false;
  rec.kind = failed ? 'ftp_login_failed' : 'ftp_login';
  rec.userName = m[4];
  setSrcIp(rec, addressOrUndefined(m[2] ?? ''));
  rec.result = failed ? 'failed' : 'success';
  return true;
}
