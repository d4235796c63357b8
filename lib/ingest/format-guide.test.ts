// Every registered format has its example and what Sightline takes from it, and the README's
// table is the one the guide renders (scripts/gen-formats-doc.ts), so the page, the CLI and the
// README cannot drift apart. Each example that is a line of its format is sniffed as that format.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMAT_GUIDE, formatListing, formatTableMarkdown } from './format-guide';
import { allFormats } from './registry';

describe('format guide', () => {
  it('names every registered format, and nothing else', () => {
    expect(Object.keys(FORMAT_GUIDE).sort()).toEqual(allFormats.map((f) => f.id).sort());
    for (const f of formatListing(allFormats)) {
      expect(f.example, f.id).not.toBe('—');
      expect(f.takes.length, f.id).toBeGreaterThan(5);
    }
  });

  it('the README shows the table the guide renders', () => {
    const readme = fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<!-- formats:start -->') + '<!-- formats:start -->'.length, readme.indexOf('<!-- formats:end -->')).trim();
    // biome pads the table's cells (npx biome format --write README.md after the script): compare cell by cell.
    const cells = (md: string) =>
      md.split('\n').map((row) =>
        row
          .replace(/^\|\s*|\s*\|$/g, '')
          .split(/\s+\|\s+/)
          .map((c) => c.trim().replace(/^-+$/, '-')),
      );
    expect(cells(section)).toEqual(cells(formatTableMarkdown(allFormats)));
  });

  it('an example that is a whole line of its format is read as that format', () => {
    const whole = ['syslog-rfc3164', 'syslog-rfc5424', 'redis-log', 'xferlog', 'vsftpd-log', 'web-access', 'mysql-error', 'postgresql-log'];
    for (const id of whole) {
      const format = allFormats.find((f) => f.id === id);
      expect(format?.sniff(Buffer.from(`${FORMAT_GUIDE[id]?.example}\n`)), id).toBeGreaterThan(0.5);
    }
  });
});
