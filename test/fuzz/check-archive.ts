// The walker's property on any bytes: it yields members with safe paths, within the limits,
// and ends — or fails with an error ingest-upload turns into a user message (a limit, or a
// truncated/corrupt archive). It never hangs (deadline) and never raises an error nobody
// can catch (the harness counts uncaught exceptions separately).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { ArchiveLimitError, type ArchiveLimits, unsafeMemberReason, walkInput } from '../../lib/ingest/archive';
import { isKnownArchiveFailure } from '../../lib/ingest/failure';
import type { ParseIssue } from '../../lib/records/issue';
import { FuzzViolation } from './check-parser';

export const FUZZ_ARCHIVE_LIMITS: ArchiveLimits = { maxTotalBytes: 4 << 20, maxFiles: 40, maxRatio: 50, ratioGraceBytes: 256 * 1024 };

let tmpDir: string | undefined;
let counter = 0;

function tmpFile(): string {
  tmpDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-fuzz-'));
  counter += 1;
  return path.join(tmpDir, `case-${counter % 64}`);
}

export function cleanupArchiveFuzz(): void {
  if (tmpDir) fs.rmSync(tmpDir, { recursive: true, force: true });
  tmpDir = undefined;
}

async function drain(stream: Readable, onBytes: (n: number) => void): Promise<void> {
  for await (const chunk of stream) onBytes((chunk as Buffer).length);
}

function withDeadline<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FuzzViolation(`hang guard: ${what} still running after ${ms} ms`)), ms);
  });
  return Promise.race([p, guard]).finally(() => clearTimeout(timer));
}

export interface WalkOutcome {
  entries: number;
  bytes: number;
  issues: { path: string; issue: ParseIssue }[];
  error?: string;
}

/**
 * Writes `bytes` to a temp file and walks it like an upload. `skipEvery` mimics ingest's
 * handling of a member in no known format: it is resumed and left behind, not awaited.
 */
export async function runWalkCase(
  bytes: Buffer,
  opts: { name: string; skipEvery?: number; deadlineMs?: number; limits?: ArchiveLimits },
): Promise<WalkOutcome> {
  const file = tmpFile();
  fs.writeFileSync(file, bytes);
  const limits = opts.limits ?? FUZZ_ARCHIVE_LIMITS;
  const out: WalkOutcome = { entries: 0, bytes: 0, issues: [] };
  const walk = async () => {
    for await (const entry of walkInput(file, { displayName: opts.name, limits, onIssue: (p, issue) => out.issues.push({ path: p, issue }) })) {
      out.entries += 1;
      if (entry.memberPath !== opts.name && unsafeMemberReason(entry.memberPath)) {
        throw new FuzzViolation(`walker yielded an unsafe member path: ${JSON.stringify(entry.memberPath)}`);
      }
      if (out.entries > limits.maxFiles) throw new FuzzViolation(`walker yielded ${out.entries} members (maxFiles ${limits.maxFiles})`);
      if (opts.skipEvery && out.entries % opts.skipEvery === 0) {
        // A consumer that moves on without reading (it must still listen for errors).
        entry.stream.on('error', () => {});
        entry.stream.resume();
        continue;
      }
      await drain(entry.stream, (n) => {
        out.bytes += n;
      });
      // One chunk of slack: the meter refuses the chunk that crosses the limit.
      if (out.bytes > limits.maxTotalBytes + (1 << 20)) throw new FuzzViolation(`walker passed ${out.bytes} bytes (maxTotalBytes ${limits.maxTotalBytes})`);
    }
  };
  try {
    await withDeadline(walk(), opts.deadlineMs ?? 10_000, 'archive walk');
  } catch (err) {
    if (err instanceof FuzzViolation) throw err;
    if (err instanceof ArchiveLimitError || isKnownArchiveFailure(err)) {
      out.error = (err as Error).message;
      return out;
    }
    throw err;
  }
  for (const { issue } of out.issues) {
    if (!issue.reason) throw new FuzzViolation(`walker issue without a reason: ${JSON.stringify(issue)}`);
  }
  return out;
}
