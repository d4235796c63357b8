// Stored uploads whose assessment or upload row is gone: a server killed between writing the
// file and recording it, or between deleting the rows and the folder (issue 20, finding 11).
// Run at server start. Only entries older than `minAgeMs` go, so an upload being written by
// another process at that moment is left alone.
import fs from 'node:fs';
import path from 'node:path';
import { getPrisma } from '../db/client';
import { dataRoot } from '../db/paths';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface OrphanSweepOptions {
  root?: string;
  minAgeMs?: number;
  now?: number;
}

/** Removes orphaned upload folders and files; returns the paths removed. */
export async function removeOrphanedUploads(opts: OrphanSweepOptions = {}): Promise<string[]> {
  const root = path.join(/*turbopackIgnore: true*/ opts.root ?? dataRoot, 'uploads');
  const now = opts.now ?? Date.now();
  const minAgeMs = opts.minAgeMs ?? 3600_000;
  if (!fs.existsSync(root)) return [];
  const isOld = (p: string) => now - fs.statSync(p).mtimeMs >= minAgeMs;
  const folders = fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && UUID.test(d.name));
  if (folders.length === 0) return [];
  const prisma = getPrisma();
  const ids = folders.map((d) => d.name);
  const live = new Set((await prisma.assessment.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id));
  const stored = new Set(
    (await prisma.upload.findMany({ where: { assessmentId: { in: [...live] } }, select: { storedPath: true } })).map((u) => path.resolve(u.storedPath)),
  );
  const removed: string[] = [];
  for (const id of ids) {
    const folder = path.join(root, id);
    if (!live.has(id)) {
      if (isOld(folder)) {
        fs.rmSync(folder, { recursive: true, force: true });
        removed.push(folder);
      }
      continue;
    }
    for (const name of fs.readdirSync(folder)) {
      const file = path.join(folder, name);
      if (!stored.has(path.resolve(file)) && isOld(file)) {
        fs.rmSync(file, { recursive: true, force: true });
        removed.push(file);
      }
    }
  }
  return removed;
}
