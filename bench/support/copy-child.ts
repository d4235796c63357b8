// Child process: the baseline. A bare `COPY <table> (<columns>) FROM STDIN` of pre-rendered rows
// streamed from a file through pg-copy-streams, in one transaction, like the ingest. Timed from
// BEGIN to the end of COMMIT.
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { childInput, reportToParent } from './child';

export interface CopyChildInput {
  url: string;
  table: string;
  columns: readonly string[];
  file: string;
}

export interface CopyChildResult {
  rows: number;
  copyMs: number;
}

async function main(): Promise<void> {
  const o = childInput<CopyChildInput>();
  const client = new pg.Client({ connectionString: o.url });
  await client.connect();
  try {
    const t0 = performance.now();
    await client.query('BEGIN');
    const copy = client.query(copyFrom(`COPY ${o.table} (${o.columns.join(', ')}) FROM STDIN`));
    await pipeline(fs.createReadStream(o.file, { highWaterMark: 256 * 1024 }), copy);
    await client.query('COMMIT');
    const copyMs = performance.now() - t0;
    reportToParent({ rows: Number(copy.rowCount), copyMs: Math.round(copyMs) } satisfies CopyChildResult);
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
