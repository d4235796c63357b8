import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedBuffersMb, startEmbeddedPostgres } from './embedded';

const GiB = 2 ** 30;

describe('the embedded server’s cache (shared_buffers)', () => {
  it('is an eighth of the machine’s memory, between PostgreSQL’s default 128 MB and 1 GB', () => {
    expect(sharedBuffersMb(0.5 * GiB)).toBe(128);
    expect(sharedBuffersMb(2 * GiB)).toBe(256);
    expect(sharedBuffersMb(4 * GiB)).toBe(512);
    expect(sharedBuffersMb(24 * GiB)).toBe(1024);
    expect(sharedBuffersMb(512 * GiB)).toBe(1024);
  });

  const dataDir = path.join(import.meta.dirname, '..', '..', 'data', `test-embedded-${process.pid}`);
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('is what a started server uses', { timeout: 120_000 }, async () => {
    const db = await startEmbeddedPostgres({ dataDir, persistent: false });
    const client = new pg.Client({ connectionString: db.url });
    try {
      await client.connect();
      const { rows } = await client.query<{ mb: string }>(`SELECT setting::bigint * 8 / 1024 AS mb FROM pg_settings WHERE name = 'shared_buffers'`);
      expect(Number(rows[0]?.mb)).toBe(sharedBuffersMb());
    } finally {
      await client.end();
      await db.stop();
    }
  });
});
