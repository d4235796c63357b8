// PDF export needs Debian's Chromium. Without it the export answers with what to install
// (not a bare 500), and `npm start` says so once at start-up.
import fs from 'node:fs';
import { AppError } from '../http/errors';

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Why PDF export cannot work on this machine, or null when it can. */
export function pdfUnavailableReason(): string | null {
  const exe = chromiumPath();
  return fs.existsSync(/*turbopackIgnore: true*/ exe)
    ? null
    : `PDF export needs Chromium, which is not installed at ${exe}. Install it with: apt-get install chromium`;
}

export function assertPdfAvailable(): void {
  const reason = pdfUnavailableReason();
  if (reason) throw new AppError('unavailable', `no Chromium at ${chromiumPath()}`, reason);
}
