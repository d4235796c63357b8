// Walks what the user gave (a file, a folder, or an archive: tar, tar.gz/tgz, zip, gz,
// nested one level deep) and yields each member as a decompressed stream, without ever
// extracting to disk: nothing can be written outside a folder because nothing is written.
// Members are recognised by content (magic bytes), not by name. Limits on total size,
// compression ratio and member count stop decompression bombs; breaches are reported.
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import unbzip2Stream from 'unbzip2-stream';
import yauzl from 'yauzl';
import type { ParseIssue } from '../records/issue';

export interface ArchiveLimits {
  /** Most decompressed bytes read from one upload. */
  maxTotalBytes: number;
  /** Most members (files) read from one upload. */
  maxFiles: number;
  /** Largest decompressed/compressed ratio tolerated once past `ratioGraceBytes`. */
  maxRatio: number;
  ratioGraceBytes: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 50 * 1024 ** 3,
  maxFiles: 20_000,
  maxRatio: 200,
  ratioGraceBytes: 64 * 1024 ** 2,
};

export interface InputEntry {
  /** Path shown to the user: the upload name, plus the member path inside an archive. */
  path: string;
  /** Member path inside the archive (or file name), used to find a host name. */
  memberPath: string;
  hostHint?: string;
  mtimeMs?: number;
  stream: Readable;
}

export interface WalkOptions {
  displayName?: string;
  limits?: Partial<ArchiveLimits>;
  onIssue: (path: string, issue: ParseIssue) => void;
  /** Bytes of the upload read so far (compressed), for progress. */
  onBytes?: (bytes: number) => void;
}

export class ArchiveLimitError extends Error {}

/**
 * Members the walker reports one by one (links, refused names, nested archives); past this it
 * only counts them and reports the count once at the end. Each report is also cut to
 * `MAX_SHOWN_NAME` characters: a pax header can make a link name megabytes long, and 450 000
 * of them kept as problems took a server from 740 MB to 4.3 GB (issue 20, finding 1).
 */
export const MAX_WALK_ISSUES = 200;
const MAX_SHOWN_NAME = 300;

function shorten(text: string): string {
  return text.length <= MAX_SHOWN_NAME ? text : `${text.slice(0, MAX_SHOWN_NAME)}… (${text.length} characters)`;
}
/** The archive's structure cannot be read (truncated or corrupt); the message says how. */
export class ArchiveCorruptError extends Error {}

type Container = 'gzip' | 'zip' | 'tar' | 'bzip2' | 'plain';

export function detectContainer(head: Buffer): Container {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head.length >= 3 && head.toString('latin1', 0, 3) === 'BZh') return 'bzip2';
  if (head.length >= 262 && head.toString('latin1', 257, 262) === 'ustar') return 'tar';
  return 'plain';
}

const NOT_HOSTS = new Set(['var', 'log', 'logs', 'audit', 'tmp', 'export', 'bundle', 'etc', '.', '']);

/** `web01/var/log/auth.log` → `web01`; `logs/db01/auth.log` → `db01`; `auth.log` → undefined. */
export function hostFromMemberPath(memberPath: string): string | undefined {
  const parts = memberPath.split('/').filter(Boolean);
  parts.pop();
  for (const p of parts) {
    if (NOT_HOSTS.has(p.toLowerCase())) continue;
    if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(p)) return p;
  }
  return undefined;
}

/** Refuses member names that could escape a folder if they were ever extracted. */
export function unsafeMemberReason(name: string): string | undefined {
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name)) return 'absolute path in archive';
  if (name.split(/[\\/]/).includes('..')) return '".." in archive path';
  if (name.includes('\0')) return 'NUL byte in archive path';
  return undefined;
}

/** Peeks at a stream's first bytes without losing them (they are unshifted back). */
export async function peek(stream: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  let failure: Error | undefined;
  while (size < bytes) {
    const chunk = stream.read() as Buffer | null;
    if (chunk !== null) {
      chunks.push(chunk);
      size += chunk.length;
      continue;
    }
    if (stream.readableEnded || stream.destroyed) {
      ended = true;
      break;
    }
    await new Promise<void>((resolve) => {
      const done = (err?: Error) => {
        if (err instanceof Error) failure = err;
        stream.off('readable', done);
        stream.off('end', onEnd);
        stream.off('error', done);
        resolve();
      };
      const onEnd = () => {
        ended = true;
        done();
      };
      stream.once('readable', done);
      stream.once('end', onEnd);
      stream.once('error', done);
    });
    if (failure) throw failure;
    if (ended) break;
  }
  const head = Buffer.concat(chunks);
  if (ended || stream.readableEnded) return { head, stream: Readable.from(head.length ? [head] : []) };
  if (head.length) stream.unshift(head);
  return { head, stream };
}

class Budget {
  files = 0;
  bytes = 0;
  issues = 0;
  constructor(
    readonly limits: ArchiveLimits,
    readonly compressedSize: number,
    readonly onIssue: WalkOptions['onIssue'],
  ) {}
  /** Reports a problem about one member, while under MAX_WALK_ISSUES; counts it either way. */
  report(shown: string, issue: ParseIssue): void {
    this.issues += 1;
    if (this.issues <= MAX_WALK_ISSUES) this.onIssue(shorten(shown), { ...issue, reason: shorten(issue.reason) });
  }
  /** The one summary of the problems not reported one by one. */
  reportOverflow(label: string): void {
    const more = this.issues - MAX_WALK_ISSUES;
    if (more > 0) this.onIssue(shorten(label), { reason: `${more} more members not read (links, refused names, nested archives): not listed one by one` });
  }
  /** Counts decompressed bytes; throws when a limit is crossed. */
  meter(label: string): Transform {
    return new Transform({
      transform: (chunk: Buffer, _enc, cb) => {
        this.bytes += chunk.length;
        if (this.bytes > this.limits.maxTotalBytes) {
          return cb(new ArchiveLimitError(`${label}: more than ${this.limits.maxTotalBytes} decompressed bytes (limit maxTotalBytes)`));
        }
        if (this.bytes > this.limits.ratioGraceBytes && this.bytes > this.compressedSize * this.limits.maxRatio) {
          return cb(
            new ArchiveLimitError(`${label}: decompresses more than ${this.limits.maxRatio}× its size (limit maxRatio): refused as a decompression bomb`),
          );
        }
        cb(null, chunk);
      },
    });
  }
  /**
   * Counts one member of any kind (file, link, folder, refused name): a tar of 200 000 links
   * must meet the same limit as one of 200 000 files.
   */
  countFile(label: string): void {
    this.files += 1;
    if (this.files > this.limits.maxFiles)
      throw new ArchiveLimitError(`${shorten(label)}: more than ${this.limits.maxFiles} members (limit maxFiles); the rest was not read`);
  }
}

/** `src.pipe(dest)` that also carries `src`'s errors to `dest` (plain pipe() drops them and hangs). */
function chain<T extends NodeJS.ReadWriteStream & Readable>(src: Readable, dest: T): T {
  src.on('error', (e) => dest.destroy(e));
  return src.pipe(dest);
}

/**
 * Reads and drops a stream the walker does not pass on (reported as not read). It must still
 * listen for errors: a corrupt or bomb-sized gzip errors while draining, and an 'error' event
 * with no listener would take the whole process down (found by the fuzzer).
 */
function discard(s: Readable): void {
  s.on('error', () => {});
  s.resume();
}

function decompressor(kind: Container): Transform | undefined {
  if (kind === 'gzip') return zlib.createGunzip();
  // Node has no bzip2: unbzip2-stream is a small pure-JavaScript streaming decoder.
  if (kind === 'bzip2') return unbzip2Stream();
  return undefined;
}

interface Ctx {
  opts: WalkOptions;
  budget: Budget;
  depth: number;
  /** The member was already counted against maxFiles where its archive listed it. */
  counted?: boolean;
}

async function* walkStream(stream: Readable, name: string, memberPath: string, mtimeMs: number | undefined, ctx: Ctx): AsyncGenerator<InputEntry> {
  let { head, stream: s } = await peek(stream, 512);
  let kind = detectContainer(head);
  if (kind === 'gzip' || kind === 'bzip2') {
    s = chain(chain(s, decompressor(kind) as Transform), ctx.budget.meter(name));
    ({ head, stream: s } = await peek(s, 512));
    memberPath = memberPath.replace(/\.(gz|tgz|bz2|tbz2?)$/i, (m) => (/^\.t/i.test(m) ? '.tar' : ''));
    kind = detectContainer(head);
    if (kind === 'gzip' || kind === 'zip' || kind === 'bzip2') {
      ctx.budget.report(name, { offset: 0, reason: 'compressed data inside compressed data: not read (nesting limit)' });
      discard(s);
      return;
    }
  }
  if (kind === 'tar') {
    if (ctx.depth >= 2) {
      ctx.budget.report(name, { offset: 0, reason: 'archive nested more than one level deep: not read' });
      discard(s);
      return;
    }
    yield* walkTar(s, name, ctx);
    return;
  }
  if (kind === 'zip') {
    ctx.budget.report(name, { offset: 0, reason: 'zip inside an archive is not read: upload it on its own' });
    discard(s);
    return;
  }
  if (!ctx.counted) ctx.budget.countFile(name);
  yield { path: name, memberPath, hostHint: hostFromMemberPath(memberPath), mtimeMs, stream: s };
}

async function* walkTar(stream: Readable, label: string, ctx: Ctx): AsyncGenerator<InputEntry> {
  const extract = tar.extract();
  let current: Readable | undefined;
  stream.on('error', (e) => {
    // A truncated or corrupt outer stream must also end the member being read.
    current?.destroy(e);
    extract.destroy(e);
  });
  stream.pipe(extract);
  for await (const entry of extract) {
    current = entry as unknown as Readable;
    const h = entry.header;
    const member = h.name;
    const shown = `${label}:${member}`;
    ctx.budget.countFile(shown);
    if (h.type === 'symlink' || h.type === 'link') {
      ctx.budget.report(shown, { reason: `link to "${h.linkname ?? ''}" not followed` });
      entry.resume();
      continue;
    }
    if (h.type !== 'file' && h.type !== 'contiguous-file') {
      entry.resume();
      continue;
    }
    const unsafe = unsafeMemberReason(member);
    if (unsafe) {
      ctx.budget.report(shown, { reason: `${unsafe}: member refused` });
      entry.resume();
      continue;
    }
    // Not metered again here: the tar's bytes were counted where they were decompressed (a
    // plain tar is no bigger than the upload), and a member that is itself compressed is
    // metered by walkStream where it is inflated.
    const body = entry as unknown as Readable;
    const inner = walkStream(body, shown, member, h.mtime?.getTime(), { ...ctx, depth: ctx.depth + 1, counted: true });
    for await (const e of inner) {
      yield e;
      e.stream.resume();
      await finished(e.stream);
    }
    body.resume();
    await finished(body);
  }
}

async function* walkZip(file: string, label: string, ctx: Ctx): AsyncGenerator<InputEntry> {
  // yauzl reads the central directory (random access), so zips are read from the stored file.
  // Its errors are plain Errors ("Invalid comment length…"): named as a corrupt zip so the
  // upload fails with that reason instead of as an unexpected error (found by the fuzzer).
  const corrupt = (e: unknown) => new ArchiveCorruptError(`${label}: zip is truncated or corrupt (${(e as Error).message})`);
  const zip = await (yauzl as unknown as { openPromise: (p: string, o: object) => Promise<ZipFile> })
    // decodeStrings: false, because yauzl's own name check fails the whole zip on one "../"
    // member; names are decoded here and unsafe ones refused one by one, like tar members.
    .openPromise(file, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true })
    .catch((e: unknown) => {
      throw corrupt(e);
    });
  let open: Readable[] = [];
  try {
    for await (const entry of mapErrors(zip.eachEntry(), corrupt)) {
      const member = zipEntryName(entry);
      const shown = `${label}:${member}`;
      ctx.budget.countFile(shown);
      if (member.endsWith('/')) continue;
      const unsafe = unsafeMemberReason(member);
      if (unsafe) {
        ctx.budget.report(shown, { reason: `${unsafe}: member refused` });
        continue;
      }
      // Unix symlinks in zips carry S_IFLNK in the high bits of the external attributes.
      if (((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000) {
        ctx.budget.report(shown, { reason: 'symbolic link not followed' });
        continue;
      }
      if (
        entry.compressedSize > 0 &&
        entry.uncompressedSize / entry.compressedSize > ctx.budget.limits.maxRatio &&
        entry.uncompressedSize > ctx.budget.limits.ratioGraceBytes
      ) {
        ctx.budget.report(shown, {
          reason: `declares a ${Math.round(entry.uncompressedSize / entry.compressedSize)}× compression ratio (limit maxRatio): refused as a decompression bomb`,
        });
        continue;
      }
      const raw = await zip.openReadStreamPromise(entry).catch((e: unknown) => {
        throw corrupt(e);
      });
      const metered = ctx.budget.meter(label);
      raw.on('error', (e: NodeJS.ErrnoException) => metered.destroy(e instanceof ArchiveLimitError || e.code?.startsWith('Z_') ? e : corrupt(e)));
      // Always listened to: when the consumer has stopped early (a limit, a cancel), a late
      // "truncated" error from this member would otherwise be an uncaught exception that
      // takes the server down (found by the fuzzer). A reader still gets the error itself.
      metered.on('error', () => {});
      open = [raw, metered];
      raw.pipe(metered);
      for await (const e of walkStream(metered, shown, member, entry.getLastModDate().getTime(), { ...ctx, depth: ctx.depth + 1, counted: true })) {
        yield e;
        e.stream.resume();
        await finished(e.stream);
      }
    }
  } finally {
    for (const stream of open) stream.destroy();
    zip.close();
  }
}

async function* mapErrors<T>(it: AsyncIterable<T>, map: (e: unknown) => Error): AsyncGenerator<T> {
  const iterator = it[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<T>;
    try {
      next = await iterator.next();
    } catch (e) {
      throw map(e);
    }
    if (next.done) return;
    yield next.value;
  }
}

/** Bit 11 of the flags says UTF-8; otherwise CP437, read as latin1 (the same for ASCII names). */
function zipEntryName(entry: ZipEntry): string {
  const raw = entry.fileName;
  const name = typeof raw === 'string' ? raw : raw.toString((entry.generalPurposeBitFlag & 0x800) !== 0 ? 'utf8' : 'latin1');
  return name.replace(/\\/g, '/');
}

interface ZipEntry {
  fileName: string | Buffer;
  generalPurposeBitFlag: number;
  compressedSize: number;
  uncompressedSize: number;
  externalFileAttributes: number;
  getLastModDate(): Date;
}
interface ZipFile {
  eachEntry(): AsyncIterable<ZipEntry>;
  openReadStreamPromise(e: ZipEntry): Promise<Readable>;
  close(): void;
}

function finished(stream: Readable): Promise<void> {
  if (stream.readableEnded || stream.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', () => resolve());
  });
}

/** Yields every readable member of `inputPath` (file, folder or archive). */
export async function* walkInput(inputPath: string, opts: WalkOptions): AsyncGenerator<InputEntry> {
  const stat = fs.statSync(inputPath);
  const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...opts.limits };
  const label = opts.displayName ?? path.basename(inputPath);
  const budget = new Budget(limits, stat.isDirectory() ? Number.POSITIVE_INFINITY : Math.max(stat.size, 1), opts.onIssue);
  try {
    if (stat.isDirectory()) {
      for (const rel of listFolder(inputPath)) {
        const full = path.join(inputPath, rel);
        yield* walkFile(full, `${label}/${rel}`, rel, { opts, budget, depth: 1 });
      }
      return;
    }
    yield* walkFile(inputPath, label, label, { opts, budget, depth: 0 });
  } finally {
    budget.reportOverflow(label);
  }
}

/**
 * A file up to this size is read at once, synchronously: a fleet's bundle is thousands of small
 * rotated logs, and a stream's open, reads and close each wait a turn of the thread pool
 * (1 M auth.log lines in 5 000 files: 17.5 → 14.3 s for the whole ingest).
 */
const READ_WHOLE_BYTES = 256 * 1024;

async function* walkFile(file: string, shown: string, memberPath: string, ctx: Ctx): AsyncGenerator<InputEntry> {
  const stat = fs.statSync(file);
  let whole: Buffer | undefined;
  let head: Buffer = Buffer.alloc(8);
  if (stat.size <= READ_WHOLE_BYTES) {
    whole = fs.readFileSync(file);
    head = whole.subarray(0, 8);
  } else {
    const fd = fs.openSync(file, 'r');
    fs.readSync(fd, head, 0, 8, 0);
    fs.closeSync(fd);
  }
  if (detectContainer(head) === 'zip') {
    yield* walkZip(file, shown, ctx);
    return;
  }
  let read = 0;
  const raw = whole ? Readable.from(whole.length > 0 ? [whole] : [], { objectMode: false }) : fs.createReadStream(file, { highWaterMark: 256 * 1024 });
  // Count compressed bytes read (progress) without switching the stream to flowing mode.
  const source = chain(
    raw,
    new Transform({
      transform(chunk: Buffer, _enc, cb) {
        read += chunk.length;
        ctx.opts.onBytes?.(read);
        cb(null, chunk);
      },
    }),
  );
  yield* walkStream(source, shown, memberPath, stat.mtimeMs, ctx);
}

function listFolder(root: string): string[] {
  const out: string[] = [];
  const visit = (rel: string) => {
    for (const d of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) visit(r);
      else if (d.isFile()) out.push(r);
    }
  };
  visit('');
  return out.sort();
}
