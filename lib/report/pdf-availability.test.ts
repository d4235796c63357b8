import { afterEach, describe, expect, test } from 'vitest';
import { assertPdfAvailable, pdfUnavailableReason } from './pdf-availability';

const saved = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
});

describe('PDF export without Chromium', () => {
  test('names the package to install', () => {
    process.env.CHROMIUM_PATH = '/nonexistent/chromium';
    expect(pdfUnavailableReason()).toContain('apt-get install chromium');
    expect(() => assertPdfAvailable()).toThrow(
      expect.objectContaining({ code: 'unavailable', userMessage: expect.stringContaining('apt-get install chromium') }),
    );
  });

  test('is quiet when Chromium is there', () => {
    process.env.CHROMIUM_PATH = process.execPath; // any existing file stands in for the binary
    expect(pdfUnavailableReason()).toBeNull();
  });
});
