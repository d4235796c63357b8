// auditd raw records exactly as the kernel and auditd write them to /var/log/audit/audit.log
// (Ubuntu 22.04, x86_64): one event = several `type=X msg=audit(<epoch.ms>:<serial>): …` lines
// sharing one serial. No EOE line: auditd keeps it off disk on the distributions we imitate
// (the go-libaudit and beats fixtures have none).

/** Records of one event, without the `msg=audit(…)` stamp; the writer adds time and serial. */
export interface AuditRecord {
  type: string;
  body: string;
}

export function hexEncode(s: string): string {
  return Buffer.from(s, 'utf8').toString('hex').toUpperCase();
}

/**
 * Kernel rule (audit_string_contains_control): a value with a byte < 0x21 (so any space), a
 * double quote or a byte > 0x7e is logged as bare upper-case hex; anything else in quotes.
 */
export function auditValue(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x21 || c > 0x7e || c === 0x22) return hexEncode(s);
  }
  return `"${s}"`;
}

/** PROCTITLE is argv joined by NUL and cut at 128 bytes (MAX_PROCTITLE_AUDIT_LEN). */
export function proctitleValue(argv: readonly string[]): string {
  const bytes = Buffer.from(argv.join('\0'), 'utf8').subarray(0, 128);
  const needsHex = bytes.some((c) => c < 0x21 || c > 0x7e || c === 0x22);
  return needsHex ? bytes.toString('hex').toUpperCase() : `"${bytes.toString('latin1')}"`;
}

/** struct sockaddr_in as hex: family in host order (LE on x86: 0200), port and address big-endian. */
export function saddrInet(ip: string, port: number): string {
  const b = Buffer.alloc(16);
  b.writeUInt16LE(2, 0);
  b.writeUInt16BE(port, 2);
  ip.split('.').forEach((o, i) => {
    b.writeUInt8(Number(o), 4 + i);
  });
  return b.toString('hex').toUpperCase();
}

export const UNSET = 4294967295;

/** The process doing a syscall, as SYSCALL records describe it. */
export interface AuditProc {
  pid: number;
  ppid: number;
  uid: number;
  gid: number;
  /** Effective uid when it differs (setuid); defaults to uid. */
  euid?: number;
  auid: number;
  ses: number;
  /** `pts0` or `(none)` for daemons. */
  tty: string;
  comm: string;
  exe: string;
}

function pseudoPointer(seed: number, salt: number): string {
  // User-space addresses in the 0x55…/0x7ff… ranges, stable per event so output is reproducible.
  const x = (Math.imul(seed ^ 0x9e3779b9, 2654435761 + salt) >>> 0).toString(16).padStart(8, '0');
  return salt % 2 === 0 ? `55${(seed & 0xff).toString(16).padStart(2, '0')}${x}` : `7ffd${x}`;
}

function syscallRecord(p: AuditProc, sc: { nr: number; ok: boolean; exit: number; a: string[]; items: number; key: string }): AuditRecord {
  const euid = p.euid ?? p.uid;
  const [a0, a1, a2, a3] = sc.a;
  return {
    type: 'SYSCALL',
    body:
      `arch=c000003e syscall=${sc.nr} success=${sc.ok ? 'yes' : 'no'} exit=${sc.exit} a0=${a0} a1=${a1} a2=${a2} a3=${a3} ` +
      `items=${sc.items} ppid=${p.ppid} pid=${p.pid} auid=${p.auid} uid=${p.uid} gid=${p.gid} euid=${euid} suid=${euid} ` +
      `fsuid=${euid} egid=${p.gid} sgid=${p.gid} fsgid=${p.gid} tty=${p.tty} ses=${p.ses} comm=${auditValue(p.comm)} ` +
      `exe=${auditValue(p.exe)} subj=unconfined key=${sc.key ? `"${sc.key}"` : '(null)'}`,
  };
}

function inodeOf(path: string): number {
  let h = 2166136261;
  for (let i = 0; i < path.length; i++) h = Math.imul(h ^ path.charCodeAt(i), 16777619) >>> 0;
  return 130000 + (h % 3_800_000);
}

export type NameType = 'NORMAL' | 'CREATE' | 'PARENT' | 'DELETE';

function pathRecord(item: number, name: string, nametype: NameType, mode: string, owner = 0): AuditRecord {
  return {
    type: 'PATH',
    body:
      `item=${item} name=${auditValue(name)} inode=${inodeOf(name)} dev=fd:01 mode=${mode} ouid=${owner} ogid=${owner} ` +
      `rdev=00:00 nametype=${nametype} cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0`,
  };
}

/** execve(2) as logged with `-a always,exit -F arch=b64 -S execve -k exec`. */
export function execveEvent(p: AuditProc, argv: readonly string[], cwd: string, path: string): AuditRecord[] {
  const args = argv.map((a, i) => `a${i}=${auditValue(a)}`).join(' ');
  return [
    syscallRecord(p, { nr: 59, ok: true, exit: 0, a: [pseudoPointer(p.pid, 0), pseudoPointer(p.pid, 2), pseudoPointer(p.pid, 4), '8'], items: 2, key: 'exec' }),
    { type: 'EXECVE', body: `argc=${argv.length} ${args}` },
    { type: 'CWD', body: `cwd=${auditValue(cwd)}` },
    pathRecord(0, path, 'NORMAL', '0100755'),
    pathRecord(1, '/lib64/ld-linux-x86-64.so.2', 'NORMAL', '0100755'),
    { type: 'PROCTITLE', body: `proctitle=${proctitleValue(argv)}` },
  ];
}

/** connect(2) on an AF_INET socket (`-S connect -k net_connect`); curl's non-blocking connect returns EINPROGRESS. */
export function connectEvent(p: AuditProc, argv: readonly string[], ip: string, port: number, inProgress = false): AuditRecord[] {
  return [
    syscallRecord(p, {
      nr: 42,
      ok: !inProgress,
      exit: inProgress ? -115 : 0,
      a: [String(3 + (p.pid % 5)), pseudoPointer(p.pid, 1), '10', '0'],
      items: 0,
      key: 'net_connect',
    }),
    { type: 'SOCKADDR', body: `saddr=${saddrInet(ip, port)}` },
    { type: 'PROCTITLE', body: `proctitle=${proctitleValue(argv)}` },
  ];
}

/** openat(O_CREAT|O_WRONLY) caught by a `-w <dir> -p wa -k <key>` watch. */
export function fileWriteEvent(p: AuditProc, argv: readonly string[], cwd: string, file: string, key: string, created: boolean): AuditRecord[] {
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  return [
    syscallRecord(p, { nr: 257, ok: true, exit: 3, a: ['ffffff9c', pseudoPointer(p.pid, 2), created ? 'c1' : '441', '1b6'], items: 2, key }),
    { type: 'CWD', body: `cwd=${auditValue(cwd)}` },
    pathRecord(0, dir, 'PARENT', '040755'),
    pathRecord(1, file, created ? 'CREATE' : 'NORMAL', '0100644'),
    { type: 'PROCTITLE', body: `proctitle=${proctitleValue(argv)}` },
  ];
}

/** rename(2) of a temp file over its target, the way crontab(1) installs a new table. */
export function renameEvent(p: AuditProc, argv: readonly string[], cwd: string, from: string, to: string, key: string): AuditRecord[] {
  const dir = to.slice(0, to.lastIndexOf('/') + 1);
  return [
    syscallRecord(p, { nr: 82, ok: true, exit: 0, a: [pseudoPointer(p.pid, 2), pseudoPointer(p.pid, 4), '0', '0'], items: 5, key }),
    { type: 'CWD', body: `cwd=${auditValue(cwd)}` },
    pathRecord(0, dir, 'PARENT', '041730'),
    pathRecord(1, dir, 'PARENT', '041730'),
    pathRecord(2, from, 'DELETE', '0100600'),
    pathRecord(3, to, 'DELETE', '0100600'),
    pathRecord(4, to, 'CREATE', '0100600'),
    { type: 'PROCTITLE', body: `proctitle=${proctitleValue(argv)}` },
  ];
}

/** A user-space record (PAM, sudo, useradd, systemd): one line with a nested `msg='…'`. */
export function userRecord(type: string, who: { pid: number; uid: number; auid: number; ses: number }, inner: string): AuditRecord {
  return { type, body: `pid=${who.pid} uid=${who.uid} auid=${who.auid} ses=${who.ses} subj=unconfined msg='${inner}'` };
}

/** LOGIN: the kernel's record of pam_loginuid setting auid/ses. */
export function loginRecord(pid: number, auid: number, ses: number): AuditRecord {
  return { type: 'LOGIN', body: `pid=${pid} uid=0 subj=unconfined old-auid=${UNSET} auid=${auid} tty=(none) old-ses=${UNSET} ses=${ses} res=1` };
}

/** `type=X msg=audit(t:serial): body` lines of one event, newline-terminated. */
export function renderAuditEvent(time: string, serial: number, records: readonly AuditRecord[]): string {
  let out = '';
  for (const r of records) out += `type=${r.type} msg=audit(${time}:${serial}): ${r.body}\n`;
  return out;
}
