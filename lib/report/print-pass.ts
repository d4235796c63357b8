// The PDF renderer reads a report or share page whole; a visitor reads it a page of activities
// at a time (a huge report never answers with a huge page). The renderer proves it is the
// renderer with a cookie holding this process's random pass, which never leaves the server.
import crypto from 'node:crypto';

export const PRINT_COOKIE = 'sightline_print';

const g = globalThis as typeof globalThis & { __sightlinePrintPass?: string };

/** This server process's pass (shared by every bundle of the process through globalThis). */
export function printPass(): string {
  g.__sightlinePrintPass ??= crypto.randomBytes(32).toString('base64url');
  return g.__sightlinePrintPass;
}

/** Whether a request's cookie value is the renderer's pass (constant-time). */
export function isPrintPass(value: string | undefined): boolean {
  if (!value) return false;
  const a = Buffer.from(value);
  const b = Buffer.from(printPass());
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Activities per page of a report or share page. */
export const REPORT_PAGE_SIZE = 100;
