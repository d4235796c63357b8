// Test-only database access: the e2e server's own PostgreSQL (same data folder), used to
// move a share link's expiry into the past without waiting a day.
import crypto from 'node:crypto';
import pg from 'pg';
import { ensureDatabase } from '../lib/db/runtime';

export async function expireShareLinks(url: string): Promise<void> {
  const token = url.split('/').pop() ?? '';
  const db = await ensureDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const hash = crypto.createHash('sha256').update(token).digest('hex');
    const r = await client.query(`UPDATE share_link SET expires_at = now() - interval '1 minute' WHERE token_hash = $1`, [hash]);
    if (r.rowCount !== 1) throw new Error('share link not found in the e2e database');
  } finally {
    await client.end();
  }
}
