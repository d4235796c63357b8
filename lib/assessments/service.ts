// Creating assessments and registering their uploads: shared by the API routes, the demo
// button and the CLI, so all three run the same pipeline.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { insertAssessment, insertUpload } from '../pipeline/state';
import { hashFile, storeStream, uploadPath } from './store-upload';

export type UploadKind = 'logs' | 'flows' | 'inventory';

export async function createAssessment(input: { name: string; timeZone?: string; settings?: object }): Promise<string> {
  // Its own partitions of flow and log_event come with the row (trigger, lib/ingest/partitions.ts).
  // In SQL, not Prisma: the CLI then ingests without Prisma's query compiler (lib/pipeline/state.ts).
  return insertAssessment({ name: input.name, timeZone: input.timeZone ?? 'UTC', settings: input.settings ?? {} });
}

/** Stores a streamed upload under the data folder and records it (status queued). */
export async function addStreamedUpload(input: { assessmentId: string; kind: UploadKind; name: string; body: Readable; maxBytes?: number }): Promise<string> {
  const id = crypto.randomUUID();
  const dest = uploadPath(input.assessmentId, id);
  const { size, sha256 } = await storeStream(input.body, dest, input.maxBytes);
  return insertUpload({
    id,
    assessmentId: input.assessmentId,
    kind: input.kind,
    originalName: safeName(input.name),
    storedPath: dest,
    sizeBytes: size,
    sha256,
  });
}

/** Records a file or folder already on disk (the CLI reads it in place; nothing is copied). */
export async function addLocalUpload(input: { assessmentId: string; kind: UploadKind; file: string }): Promise<string> {
  const stat = fs.statSync(input.file);
  const { size, sha256 } = stat.isDirectory() ? { size: 0, sha256: 'folder' } : await hashFile(input.file);
  return insertUpload({
    assessmentId: input.assessmentId,
    kind: input.kind,
    originalName: path.basename(path.resolve(input.file)),
    storedPath: path.resolve(input.file),
    sizeBytes: size,
    sha256,
  });
}

/** File names are shown to users and never used as paths: keep them printable and short. */
export function safeName(name: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const cleaned = name.replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return (cleaned || 'upload').slice(0, 200);
}
