// Receives one file as the raw request body (never buffered whole: streamed to disk).
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { z } from 'zod';
import { requireApiSession } from '@/app/_lib/auth';
import { addStreamedUpload } from '@/lib/assessments/service';
import { MAX_UPLOAD_BYTES, UploadTooLarge } from '@/lib/assessments/store-upload';
import { requireAssessment } from '@/lib/http/assessment-param';
import { AppError, errorResponse } from '@/lib/http/errors';

const ZQuery = z.object({ kind: z.enum(['logs', 'flows', 'inventory']), name: z.string().min(1).max(255) });

async function receive(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  // proxy.ts skips this route (it would buffer the body), so this is the only session check.
  await requireApiSession(req);
  const url = new URL(req.url);
  const q = ZQuery.parse({ kind: url.searchParams.get('kind'), name: url.searchParams.get('name') });
  const id = await requireAssessment((await ctx.params).id);
  const declared = Number(req.headers.get('content-length') ?? 0);
  if (declared > MAX_UPLOAD_BYTES) {
    throw new AppError('too_large', 'upload too large', `${q.name} is larger than the ${Math.round(MAX_UPLOAD_BYTES / 1024 ** 3)} GiB upload limit.`);
  }
  if (!req.body) throw new AppError('bad_request', 'empty body', `${q.name} is empty.`);
  try {
    const uploadId = await addStreamedUpload({
      assessmentId: id,
      kind: q.kind,
      name: q.name,
      body: Readable.fromWeb(req.body as unknown as WebReadableStream),
    });
    return Response.json({ uploadId }, { status: 201 });
  } catch (err) {
    if (err instanceof UploadTooLarge) throw new AppError('too_large', err.message, `${q.name}: ${err.message}.`);
    throw err;
  }
}

/**
 * Any refusal (no session, unknown assessment, too large) closes the connection: otherwise Node
 * reads and discards the rest of the body on an open connection, 8 GiB in 7.9 s for one
 * unauthenticated request (issue 20, finding 9).
 */
export async function POST(req: Request, ctx: { params: Promise<{ id: string }> }): Promise<Response> {
  try {
    return await receive(req, ctx);
  } catch (err) {
    const res = errorResponse(err);
    const headers = new Headers(res.headers);
    headers.set('Connection', 'close');
    return new Response(res.body, { status: res.status, headers });
  }
}
