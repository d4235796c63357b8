// Print-quality PDF of a report: headless Chromium (Debian's, as in the e2e tests) opens
// the report page on this same server and prints it with the print stylesheet. Rendering
// the real page keeps the PDF identical to what the user sees, charts included.
import { chromium } from 'playwright-core';
import { PRINT_COOKIE, printPass } from './print-pass';
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
    // The print pass: the page then holds every activity, not one page of them.
    const cookies = [...req.cookies, { name: PRINT_COOKIE, value: printPass() }];
    await context.addCookies(cookies.map((c) => ({ ...c, url: target.origin, httpOnly: true, sameSite: 'Lax' as const })));
    const page = await context.newPage();
    // The page may only load from this server: nothing uploaded can make Chromium fetch elsewhere.
    await page.route('**/*', (route) => (new URL(route.request().url()).origin === target.origin ? route.continue() : route.abort()));
    await page.emulateMedia({ media: 'print', colorScheme: 'light' });
    const res = await page.goto(target.toString(), { waitUntil: 'networkidle', timeout: 60_000 });
    if (res?.status() !== 200) throw new Error(`report page answered ${res?.status() ?? 'nothing'}`);
    await page.waitForSelector('[data-testid="stage-coverage-chart"] svg.recharts-surface', { timeout: 30_000 });
    await page.evaluate(markWideTables, PRINT_WIDTHS);
    return await page.pdf({
      format: 'A4',
      // The stylesheet's named page `landscape` (app/globals.css) turns the pages of a wide table.
      preferCSSPageSize: true,
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

/** Content width of an A4 page at 96 dpi inside the 12 mm side margins: portrait 186 mm, landscape 273 mm. */
export const PRINT_WIDTHS = { portrait: Math.floor((186 / 25.4) * 96), landscape: Math.floor((273 / 25.4) * 96) };

/**
 * Runs in the page before printing. A table whose narrowest layout (every cell wrapped at its
 * words) is wider than a portrait page goes on landscape pages (`print-landscape`); one wider
 * than a landscape page also breaks inside words (`print-anywhere`), so no column is cut off.
 */
export function markWideTables(widths: { portrait: number; landscape: number }): { landscape: number; anywhere: number } {
  let landscape = 0;
  let anywhere = 0;
  for (const table of Array.from(document.querySelectorAll('table'))) {
    if (table.closest('.sr-only') || table.classList.contains('sr-only')) continue;
    const before = table.style.width;
    table.style.width = 'min-content';
    const narrowest = table.getBoundingClientRect().width;
    table.style.width = before;
    if (narrowest <= widths.portrait) continue;
    // What moves to the landscape pages: the table's section with its heading when the table is
    // all it holds, else the table's own box (its scroll wrapper, if any).
    const section = table.closest('section');
    const wrapper = table.parentElement?.classList.contains('overflow-x-auto') ? table.parentElement : table;
    const box = section && section.querySelectorAll('table').length === 1 ? section : wrapper;
    box.classList.add('print-landscape');
    landscape++;
    if (narrowest > widths.landscape) {
      table.classList.add('print-anywhere');
      anywhere++;
    }
  }
  return { landscape, anywhere };
}
