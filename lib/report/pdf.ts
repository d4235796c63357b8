// Print-quality PDF of a report: headless Chromium (Debian's, as in the e2e tests) opens
// the report page on this same server and prints it with the print stylesheet. Rendering
// the real page keeps the PDF identical to what the user sees, charts included.
import { chromium } from 'playwright-core';
import { RenderQueue } from './render-queue';

export interface PdfRequest {
  /** Absolute URL on this server (never built from the request's Host header). */
  url: string;
  /** Cookies the page needs (the session, or a share link's unlock cookie). */
  cookies: { name: string; value: string }[];
}

// One Chromium at a time: each takes ~150 MB, and PDF exports are rare and user-triggered.
const queue = new RenderQueue();

/** Base URL of this server as seen from itself. */
export function internalBaseUrl(): string {
  if (process.env.SIGHTLINE_INTERNAL_URL) return process.env.SIGHTLINE_INTERNAL_URL.replace(/\/$/, '');
  const host = process.env.HOST && !['0.0.0.0', '::'].includes(process.env.HOST) ? process.env.HOST : '127.0.0.1';
  return `http://${host.includes(':') ? `[${host}]` : host}:${process.env.PORT ?? '3000'}`;
}

/** Renders through the bounded queue; `clientSignal` (the request's) abandons it when the client leaves. */
export function renderPdf(req: PdfRequest, clientSignal?: AbortSignal): Promise<Buffer> {
  return queue.run((signal) => render(req, signal), clientSignal);
}

async function render(req: PdfRequest, signal: AbortSignal): Promise<Buffer> {
  const target = new URL(req.url);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-extensions'],
  });
  // Timeout or a client gone: closing the browser ends whatever step the render is in.
  const stop = () => void browser.close().catch(() => {});
  signal.addEventListener('abort', stop, { once: true });
  try {
    // A4 width at 96 dpi minus margins, so the responsive chart is laid out at print width.
    const context = await browser.newContext({ viewport: { width: 720, height: 1400 }, javaScriptEnabled: true });
    await context.addCookies(req.cookies.map((c) => ({ ...c, url: target.origin, httpOnly: true, sameSite: 'Lax' as const })));
    const page = await context.newPage();
    // The page may only load from this server: nothing uploaded can make Chromium fetch elsewhere.
    await page.route('**/*', (route) => (new URL(route.request().url()).origin === target.origin ? route.continue() : route.abort()));
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const res = await page.goto(target.toString(), { waitUntil: 'networkidle', timeout: 60_000 });
    if (res?.status() !== 200) throw new Error(`report page answered ${res?.status() ?? 'nothing'}`);
    await page.waitForSelector('[data-testid="stage-coverage-chart"] svg.recharts-surface', { timeout: 30_000 });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '14mm', bottom: '14mm', left: '12mm', right: '12mm' },
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate:
        '<div style="font-size:8px;width:100%;text-align:center;color:#64748b"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    });
  } finally {
    signal.removeEventListener('abort', stop);
    await browser.close();
  }
}
