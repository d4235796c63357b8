// Syscall numbers differ per architecture (SYSCALL `syscall=59` is execve on x86_64 but write
// on aarch64 is 64), so a number is only meaningful with `arch=`. Only the syscalls Sightline
// classifies are listed; numbers from audit-userspace `lib/*_table.h` (mirrored in laurel
// `src/tbl/syscall/`). Enriched logs, `ausearch -i` and auoms already give the name.

type Table = Readonly<Record<number, string>>;

const X86_64: Table = {
  2: 'open',
  42: 'connect',
  43: 'accept',
  49: 'bind',
  59: 'execve',
  85: 'creat',
  175: 'init_module',
  257: 'openat',
  288: 'accept4',
  313: 'finit_module',
  322: 'execveat',
  437: 'openat2',
};
// i386, and 32-bit ppc/s390 calls that predate the direct socket syscalls, go through socketcall.
const I386: Table = {
  5: 'open',
  8: 'creat',
  11: 'execve',
  102: 'socketcall',
  128: 'init_module',
  295: 'openat',
  350: 'finit_module',
  358: 'execveat',
  361: 'bind',
  362: 'connect',
  364: 'accept4',
  437: 'openat2',
};
// aarch64 and riscv64 share the generic table (no open/creat).
const GENERIC: Table = {
  56: 'openat',
  105: 'init_module',
  200: 'bind',
  202: 'accept',
  203: 'connect',
  221: 'execve',
  242: 'accept4',
  273: 'finit_module',
  281: 'execveat',
  437: 'openat2',
};
const ARM: Table = {
  5: 'open',
  8: 'creat',
  11: 'execve',
  128: 'init_module',
  282: 'bind',
  283: 'connect',
  285: 'accept',
  322: 'openat',
  366: 'accept4',
  379: 'finit_module',
  387: 'execveat',
  437: 'openat2',
};
const PPC: Table = {
  5: 'open',
  8: 'creat',
  11: 'execve',
  102: 'socketcall',
  128: 'init_module',
  286: 'openat',
  327: 'bind',
  328: 'connect',
  330: 'accept',
  344: 'accept4',
  353: 'finit_module',
  362: 'execveat',
  437: 'openat2',
};
const S390: Table = {
  5: 'open',
  8: 'creat',
  11: 'execve',
  102: 'socketcall',
  128: 'init_module',
  288: 'openat',
  344: 'finit_module',
  354: 'execveat',
  361: 'bind',
  362: 'connect',
  364: 'accept4',
  437: 'openat2',
};

/** AUDIT_ARCH_* values (linux/audit.h) as written in `arch=`. */
const TABLE_BY_ARCH: Record<string, Table> = {
  c000003e: X86_64,
  '40000003': I386,
  c00000b7: GENERIC,
  c00000f3: GENERIC,
  '40000028': ARM,
  '80000015': PPC,
  c0000015: PPC,
  '00000014': PPC,
  '80000016': S390,
  '00000016': S390,
};
const TABLE_BY_NAME: Record<string, Table> = {
  x86_64: X86_64,
  i386: I386,
  i686: I386,
  aarch64: GENERIC,
  riscv64: GENERIC,
  arm: ARM,
  armeb: ARM,
  ppc64: PPC,
  ppc64le: PPC,
  ppc: PPC,
  s390x: S390,
  s390: S390,
};
const BIG_ENDIAN_NAMES = new Set(['ppc64', 'ppc', 's390x', 's390', 'armeb', 'mips', 'mips64', 'sparc', 'sparc64']);

interface ArchInfo {
  table: Table | undefined;
  isLittleEndian: boolean;
}

// Memoised: a file has one or two distinct arch values but millions of records.
const archCache = new Map<string, ArchInfo>();

function archInfo(arch: string): ArchInfo {
  let info = archCache.get(arch);
  if (info !== undefined) return info;
  let a = (arch.startsWith('0x') ? arch.slice(2) : arch).toLowerCase();
  if (/^[0-9a-f]{1,8}$/.test(a)) {
    a = a.padStart(8, '0');
    // AUDIT_ARCH_* carries __AUDIT_ARCH_LE (0x40000000) for little-endian ABIs.
    info = { table: TABLE_BY_ARCH[a], isLittleEndian: (Number.parseInt(a, 16) & 0x40000000) !== 0 };
  } else {
    info = { table: TABLE_BY_NAME[a], isLittleEndian: !BIG_ENDIAN_NAMES.has(a) };
  }
  if (archCache.size < 64) archCache.set(arch, info);
  return info;
}

/** Byte order of the traced process, which decides how SOCKADDR's 2-byte family reads. */
export function isLittleEndianArch(arch: string | undefined): boolean {
  return arch === undefined || arch === '' ? true : archInfo(arch).isLittleEndian;
}

/** Name of a syscall, from its number and the record's arch, or as written when already a name. */
export function syscallName(syscall: string | undefined, arch: string | undefined): string | undefined {
  if (syscall === undefined || syscall === '') return undefined;
  const c = syscall.charCodeAt(0);
  if (c < 48 || c > 57) return syscall;
  if (arch === undefined || arch === '') return undefined;
  return archInfo(arch).table?.[Number(syscall)];
}

/** socketcall(2) multiplexes socket calls on 32-bit ABIs; a0 is the call number (linux/net.h). */
const SOCKETCALL: Readonly<Record<number, string>> = { 2: 'bind', 3: 'connect', 5: 'accept', 18: 'accept4' };

export function socketcallName(a0: string | undefined): string | undefined {
  return a0 === undefined ? undefined : SOCKETCALL[Number.parseInt(a0, 16)];
}
