import { posix } from 'node:path';
import type { LogEventKind, LogRecord } from '../../records/records';
import { assembleExecveArgv, splitProctitle } from './auditd-argv';
import { type Args, F, type Fields } from './auditd-kv';
import type { AuditRecord } from './auditd-record';
import { decodeSockaddrHex, isIpAddress, normaliseIp, parseInterpretedSockaddr, type SockAddr } from './auditd-sockaddr';
import { isLittleEndianArch, socketcallName, syscallName } from './auditd-syscalls';
import { basename, present, toId, toInt, toName, toResult } from './auditd-values';

// Turns one assembled audit event (all records of one `audit(time:serial)`) into a typed
// LogRecord. Shared by the raw audit.log, laurel and auoms readers, which differ only in how
// they get to records.

export interface AuditEvent {
  lineNo: number;
  tsMs: number;
  node?: string;
  raw: string;
  records: readonly AuditRecord[];
  /** Already assembled by the source (laurel `EXECVE.ARGV`, auoms `cmdline`). */
  argv?: string[];
  /** Already decoded by the source (laurel `SOCKADDR`). */
  sockaddr?: SockAddr;
}

/** User-space and kernel record types with their own meaning, whatever syscall carried them. */
const KIND_BY_RECORD: Readonly<Record<string, LogEventKind>> = {
  ADD_USER: 'user_add',
  ADD_GROUP: 'group_add',
  USER_MGMT: 'user_mod',
  GRP_MGMT: 'user_mod',
  DEL_USER: 'user_mod',
  DEL_GROUP: 'user_mod',
  CHUSER_ID: 'user_mod',
  CHGRP_ID: 'user_mod',
  USER_CHAUTHTOK: 'passwd_change',
  GRP_CHAUTHTOK: 'passwd_change',
  USER_LOGIN: 'login',
  USER_AUTH: 'auth',
  USER_CMD: 'priv_cmd',
  KERN_MODULE: 'module_load',
  SERVICE_START: 'service_start',
};

const KIND_BY_SYSCALL: Readonly<Record<string, LogEventKind>> = {
  execve: 'exec',
  execveat: 'exec',
  connect: 'connect',
  bind: 'bind',
  accept: 'accept',
  accept4: 'accept',
  init_module: 'module_load',
  finit_module: 'module_load',
};

/** Kinds about an account, where the user name must be the target account, never the actor. */
const ACCOUNT_KINDS = new Set<LogEventKind>(['user_add', 'group_add', 'user_mod', 'passwd_change']);

const EINPROGRESS = '-115';
// open(2) flags shared by x86, arm, ppc and s390: O_WRONLY 1, O_RDWR 2, O_TRUNC 0o1000.
const WRITE_FLAGS = 0x3 | 0x200;

function isWriteOpen(call: string | undefined, sys: Fields): boolean {
  if (call === 'creat') return true;
  const flags = call === 'open' ? sys[F.a1] : call === 'openat' ? sys[F.a2] : undefined;
  return flags !== undefined && (Number.parseInt(flags, 16) & WRITE_FLAGS) !== 0;
}

function sockaddrOf(sock: Fields, arch: string | undefined): SockAddr | undefined {
  const saddr = sock[F.saddr];
  if (saddr !== undefined && !saddr.startsWith('{')) {
    const decoded = decodeSockaddrHex(saddr, isLittleEndianArch(arch));
    if (decoded !== undefined) return decoded;
  }
  const interpreted = sock[F.SADDR] ?? saddr;
  return interpreted?.startsWith('{') ? parseInterpretedSockaddr(interpreted) : undefined;
}

/** The records of an event, sorted by role. */
interface Parts {
  sys?: Fields;
  sock?: Fields;
  semantic?: AuditRecord;
  other?: Fields;
  cwd?: string;
  proctitle?: string;
  module?: string;
  /** Keystrokes of TTY / USER_TTY records (pam_tty_audit). */
  typed?: string;
  execves: Args[];
  paths: string[];
  created: string[];
}

function sortRecords(records: readonly AuditRecord[]): Parts {
  const parts: Parts = { execves: [], paths: [], created: [] };
  // A relative PATH name (a program that chdir'd, such as Redis writing its dump file) is kept as
  // logged and also resolved: a bare name against its PARENT item's absolute directory, else
  // against the CWD record, so rules on absolute paths (…/.ssh/authorized_keys) see it.
  let parent: string | undefined;
  const relative: { list: string[]; name: string; parent?: string }[] = [];
  for (const rec of records) {
    const f = rec.fields;
    switch (rec.type) {
      case 'SYSCALL':
        parts.sys ??= f;
        break;
      case 'EXECVE':
        if (rec.args !== undefined) parts.execves.push(rec.args);
        break;
      case 'CWD':
        parts.cwd ??= present(f[F.cwd]);
        break;
      case 'PATH': {
        const name = present(f[F.name]);
        // PARENT items are the directory of a created or deleted entry, not the entry itself.
        if (name !== undefined && f[F.nametype] === 'PARENT' && name.startsWith('/')) parent = name;
        if (name === undefined || f[F.nametype] === 'PARENT') break;
        const list = f[F.nametype] === 'CREATE' ? parts.created : parts.paths;
        list.push(name);
        if (!name.startsWith('/')) relative.push({ list, name, parent });
        break;
      }
      case 'SOCKADDR':
        parts.sock ??= f;
        break;
      case 'PROCTITLE':
        parts.proctitle ??= f[F.proctitle];
        break;
      default:
        if (rec.type === 'KERN_MODULE') parts.module ??= present(f[F.name]);
        if (rec.type === 'TTY' || rec.type === 'USER_TTY') parts.typed ??= f[F.data];
        if (parts.semantic === undefined && KIND_BY_RECORD[rec.type] !== undefined) parts.semantic = rec;
        else parts.other ??= f;
    }
  }
  for (const r of relative) {
    const dir = r.parent !== undefined && !r.name.includes('/') ? r.parent : parts.cwd;
    if (dir?.startsWith('/')) r.list.push(posix.join(dir, r.name));
  }
  return parts;
}

function classify(parts: Parts, call: string | undefined, sockaddr: SockAddr | undefined, hasArgv: boolean): LogEventKind {
  const { sys, semantic } = parts;
  let kind: LogEventKind = 'audit';
  if (semantic !== undefined) kind = KIND_BY_RECORD[semantic.type] as LogEventKind;
  else if (call !== undefined && KIND_BY_SYSCALL[call] !== undefined) kind = KIND_BY_SYSCALL[call] as LogEventKind;
  else if (parts.execves.length > 0 || hasArgv) kind = 'exec';
  // A unix-socket or netlink connect is local IPC, not network activity.
  if ((kind === 'connect' || kind === 'bind' || kind === 'accept') && sockaddr !== undefined) {
    if (sockaddr.family !== 'inet' && sockaddr.family !== 'inet6') kind = 'audit';
  }
  if (kind === 'audit' && sys !== undefined) {
    if (parts.created.length > 0) kind = 'file_create';
    // `-w <file> -p wa -k wr_*` watches (laurel's recommended rules) mark writes by key.
    else if (isWriteOpen(call, sys) || sys[F.key]?.startsWith('wr_')) kind = 'file_write';
  }
  return kind;
}

/** Process and identity: from the record that gives the event its meaning, else from SYSCALL. */
function setProcess(out: LogRecord, p: Fields, sys: Fields | undefined): void {
  const exe = present(p[F.exe] ?? sys?.[F.exe]);
  const program = present(p[F.comm] ?? sys?.[F.comm]) ?? basename(exe);
  if (program !== undefined) out.program = program;
  const pid = toInt(p[F.pid] ?? sys?.[F.pid]);
  if (pid !== undefined) out.pid = pid;
  const ppid = toInt(p[F.ppid] ?? sys?.[F.ppid]);
  if (ppid !== undefined) out.ppid = ppid;
  const isAccount = ACCOUNT_KINDS.has(out.kind);
  const userName = toName(isAccount ? p[F.acct] : (p[F.acct] ?? p[F.UID] ?? p[F.uid]));
  // A numeric uid is not a name; ENRICHED, `ausearch -i` and auoms give the translated one.
  if (userName !== undefined && (isAccount || toInt(userName) === undefined)) out.userName = userName;
  const uid = toId(p[F.uid]);
  if (uid !== undefined) out.uid = uid;
  const euid = toId(p[F.euid] ?? sys?.[F.euid]);
  if (euid !== undefined) out.euid = euid;
  const auid = toId(p[F.auid]);
  if (auid !== undefined) out.auid = auid;
  if (exe !== undefined) out.exe = exe;
}

/**
 * connect: the remote end is the destination; bind: the local (listening) address is the
 * source; accept: the peer is the source, since it initiated the connection. User-space
 * records name the remote peer of a login, auth or account change in `addr=`.
 */
function setAddresses(out: LogRecord, sockaddr: SockAddr | undefined, p: Fields, isUserSpace: boolean): void {
  const isSocketCall = out.kind === 'connect' || out.kind === 'bind' || out.kind === 'accept';
  if (isSocketCall) {
    if (sockaddr?.ip === undefined) return;
    if (out.kind === 'connect') {
      out.dstIp = sockaddr.ip;
      if (sockaddr.port !== undefined) out.dstPort = sockaddr.port;
    } else {
      out.srcIp = sockaddr.ip;
      if (sockaddr.port !== undefined) out.srcPort = sockaddr.port;
    }
  } else if (isUserSpace) {
    const addr = present(p[F.addr]);
    if (addr === undefined || !isIpAddress(addr)) return;
    out.srcIp = normaliseIp(addr);
    const rport = toInt(p[F.rport]);
    if (rport !== undefined) out.srcPort = rport;
  }
}

export function buildLogRecord(ev: AuditEvent, hostHint: string | undefined): LogRecord {
  const parts = sortRecords(ev.records);
  const { sys, semantic } = parts;
  const arch = sys?.[F.ARCH] ?? sys?.[F.arch];
  let call = sys === undefined ? undefined : (sys[F.SYSCALL] ?? syscallName(sys[F.syscall], sys[F.arch]));
  if (call === 'socketcall') call = socketcallName(sys?.[F.a0]);
  const sockaddr = ev.sockaddr ?? (parts.sock === undefined ? undefined : sockaddrOf(parts.sock, arch));
  const kind = classify(parts, call, sockaddr, ev.argv !== undefined);

  const p = semantic?.fields ?? sys ?? parts.other ?? ev.records[0]?.fields ?? [];
  const out: LogRecord = { lineNo: ev.lineNo, tsMs: ev.tsMs, kind, raw: ev.raw };
  const host = ev.node ?? hostHint;
  if (host !== undefined) {
    out.hostName = host;
    out.hostFrom = ev.node !== undefined ? 'audit-node' : 'bundle-folder';
  }
  setProcess(out, p, sys);

  if (kind === 'exec') {
    // Without EXECVE (a failed exec, or no execve rule) proctitle is still the old process's
    // title, except after a successful exec, when it is already the new one.
    const { proctitle } = parts;
    const argv =
      ev.argv ?? assembleExecveArgv(parts.execves) ?? (proctitle !== undefined && sys?.[F.success] === 'yes' ? splitProctitle(proctitle) : undefined);
    if (argv !== undefined) out.argv = argv;
  } else if (kind === 'priv_cmd') {
    // sudo logs its argv joined by spaces; the split is lossy for arguments with spaces.
    const cmd = present(p[F.cmd]);
    if (cmd !== undefined) out.argv = cmd.split(' ');
  } else if (parts.typed !== undefined) {
    // What was typed at a terminal is a command line too (reverse-shell patterns show up here).
    out.argv = [parts.typed];
  }
  const dir = parts.cwd ?? present(p[F.cwd]);
  if (dir !== undefined) out.cwd = dir;

  const { created, module } = parts;
  const paths = kind === 'file_create' ? created : kind === 'module_load' && module !== undefined ? [module] : [...parts.paths, ...created];
  const unit = present(p[F.unit]);
  if (kind === 'service_start' && unit !== undefined) paths.push(unit);
  if (sockaddr?.path !== undefined) paths.push(sockaddr.path);
  // A socket path is usually also a PATH item; repeats say nothing.
  if (paths.length > 0) out.paths = paths.filter((path, i) => paths.indexOf(path) === i);

  setAddresses(out, sockaddr, p, semantic !== undefined || sys === undefined);
  // A non-blocking connect returns EINPROGRESS: the connection is being made, not refused.
  const inProgress = kind === 'connect' && sys?.[F.exit] === EINPROGRESS;
  const result = inProgress ? 'in_progress' : toResult(p[F.res] ?? p[F.success] ?? sys?.[F.success]);
  if (result !== undefined) out.result = result;
  return out;
}
