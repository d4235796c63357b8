// One error model for routes: a code, a developer message and a safe user message.
// Unexpected errors answer a fixed 500 text; details go to the server log only.
import { ZodError } from 'zod';

const STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  unsupported: 415,
  rate_limited: 429,
  unavailable: 503,
} as const satisfies Record<string, number>;

/** Every code a route may answer with (and its HTTP status, above). */
export type AppErrorCode = keyof typeof STATUS;

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly userMessage: string = message,
    /** Sent as Retry-After (429 answers). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export function errorResponse(err: unknown): Response {
  if (err instanceof AppError) {
    const headers = err.retryAfterSeconds === undefined ? undefined : { 'Retry-After': String(err.retryAfterSeconds) };
    return Response.json({ error: err.code, message: err.userMessage }, { status: STATUS[err.code], headers });
  }
  if (err instanceof ZodError) {
    const first = err.issues[0];
    return Response.json({ error: 'bad_request', message: first ? `${first.path.join('.') || 'input'}: ${first.message}` : 'invalid input' }, { status: 400 });
  }
  console.error('[sightline] unexpected error', err);
  return Response.json({ error: 'internal', message: 'Something went wrong on the server.' }, { status: 500 });
}

/** Wraps a route handler so every failure goes through `errorResponse`. */
export function route<A extends unknown[]>(fn: (...args: A) => Promise<Response>): (...args: A) => Promise<Response> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      return errorResponse(err);
    }
  };
}
