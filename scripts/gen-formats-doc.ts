// Writes the README's format table (between <!-- formats:start --> and <!-- formats:end -->) from
// lib/ingest/format-guide.ts, the one text the upload page and `sightline formats` show too.
//   npx tsx scripts/gen-formats-doc.ts && npx biome format --write README.md
import fs from 'node:fs';
import path from 'node:path';
import { formatTableMarkdown } from '../lib/ingest/format-guide';
import { allFormats } from '../lib/ingest/registry';

const readme = path.join(import.meta.dirname, '..', 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- formats:start -->';
const end = '<!-- formats:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a === -1 || b < a) throw new Error(`README.md has no ${start} … ${end} section`);
fs.writeFileSync(readme, `${text.slice(0, a + start.length)}\n${formatTableMarkdown(allFormats)}\n${text.slice(b)}`);
console.log(`wrote the format table of README.md (${allFormats.length} formats)`);
