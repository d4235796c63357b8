// Streams an uploaded file to disk (never whole in memory), hashing it on the way, under a
// size limit. A failed or oversized write removes the partial file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { dataRoot } from '../db/paths';

export const MAX_UPLOAD_BYTES = Number(process.env.SIGHTLINE_MAX_UPLOAD_BYTES ?? 10 * 1024 ** 3);

export class UploadTooLarge extends Error {}

export function uploadPath(assessmentId: string, uploadId: string): string {
  return path.join(/*turbopackIgnore: true*/ dataRoot, 'uploads', assessmentId, uploadId);
}

export async function storeStream(source: Readable, dest: string, maxBytes = MAX_UPLOAD_BYTES): Promise<{ size: number; sha256: string }> {
  fs.mkdirSync(path.dirname(dest), { recursive: true });
  const hash = crypto.createHash('sha256');
  let size = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      size += chunk.length;
      if (size > maxBytes) return cb(new UploadTooLarge(`file is larger than the ${Math.round(maxBytes / 1024 ** 2)} MiB upload limit`));
      hash.update(chunk);
      cb(null, chunk);
    },
  });
  // On failure the partial file is removed, unless the failure is that the file was already
  // there ('wx' refuses to open it): that one is not ours to delete.
  let existed = false;
  const out = fs.createWriteStream(dest, { flags: 'wx' }).on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EEXIST') existed = true;
  });
  try {
    await pipeline(source, meter, out);
  } catch (err) {
    // The file may still be opening when the source fails: wait until it is closed, or it
    // would appear after the removal.
    if (!out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()));
    if (!existed) fs.rmSync(dest, { force: true });
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOSPC') throw new Error('the server disk is full: the upload was not stored');
    throw err;
  }
  return { size, sha256: hash.digest('hex') };
}

export async function hashFile(file: string): Promise<{ size: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { size, sha256: hash.digest('hex') };
}
