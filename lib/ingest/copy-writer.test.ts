// CopyWriter encodes rows into buffers as they come and hands each full buffer to the
// connection: every row must arrive whole and in order, whatever its size or characters —
// rows across buffer boundaries, multi-byte and astral characters, a row larger than a buffer.
import { afterAll, describe, expect, it } from 'vitest';
import { closeDb, getPool } from '../db/client';
import { CopyWriter, copyText } from './copy';

afterAll(closeDb);

describe('CopyWriter', () => {
  it('stores every row exactly and in order, across buffers, in any script, of any length', async () => {
    const rows: string[] = [];
    for (let i = 0; i < 6000; i++) {
      const s = i % 4 === 0 ? 'ascii' : i % 4 === 1 ? 'é ß ø' : i % 4 === 2 ? '日本語のログ' : 'emoji 🛰️ 𝄞';
      rows.push(`${i} ${s} ${'x'.repeat(i % 97)}`);
    }
    rows.splice(3000, 0, `huge ${'€'.repeat(400_000)} end`); // ~1.2 MB of UTF-8: larger than a buffer
    rows.splice(10, 0, 'tab\there, newline\nthere, backslash \\ too');
    const client = await getPool().connect();
    try {
      await client.query('BEGIN');
      await client.query('CREATE TEMP TABLE copied (n serial, v text) ON COMMIT DROP');
      const w = new CopyWriter(client, 'copied', ['v']);
      for (const r of rows) await w.write(`${copyText(r)}\n`);
      expect(await w.end()).toBe(rows.length);
      const { rows: back } = await client.query<{ v: string }>('SELECT v FROM copied ORDER BY n');
      expect(back.length).toBe(rows.length);
      expect(back.map((r) => r.v)).toEqual(rows);
      await client.query('ROLLBACK');
    } finally {
      client.release();
    }
  });
});
