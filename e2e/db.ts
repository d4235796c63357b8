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

/** A ready assessment holding `n` synthetic activities (for the large-list test), seeded in SQL. */
export async function seedManyActivities(n: number): Promise<string> {
  const db = await ensureDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const id = crypto.randomUUID();
    await client.query(`INSERT INTO assessment (id, name, status) VALUES ($1, $2, 'ready')`, [id, `E2E ${n} activities ${Date.now()}`]);
    await client.query(
      `INSERT INTO activity (assessment_id, stage, technique, host_name, host_ips, peer, start_ts, end_ts, network, logs, score, severity, summary)
       SELECT $1, (ARRAY['recon','delivery','exploitation','installation','c2','actions'])[1 + i % 6], 'T1046', 'host-' || (i % 40),
              ARRAY['10.9.' || (i % 40) || '.1'], ('198.51.100.' || (i % 250))::inet,
              timestamptz '2026-03-01' + i * interval '1 minute', timestamptz '2026-03-01' + i * interval '1 minute' + interval '30 s',
              (ARRAY['detected','evidence','blind'])[1 + i % 3], (ARRAY['blind','detected','evidence'])[1 + (i / 3) % 3],
              0.5, 'low', 'synthetic activity ' || i
       FROM generate_series(1, $2) AS i`,
      [id, n],
    );
    return id;
  } finally {
    await client.end();
  }
}

/** `n` more silent addresses ("Seen in flows, no logs", 192.0.2.x, no activity) for an assessment, so its blind-spot list pages. */
export async function seedBlindSpots(assessmentId: string, n: number): Promise<void> {
  const db = await ensureDatabase();
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO blind_spot (assessment_id, kind, source, ip, detail, activities, flows)
       SELECT $1, 'host_without_logs', 'logs', ('192.0.2.' || i)::inet, '192.0.2.' || i || ' takes part in no activity and sends no logs (' || i || ' flows)', 0, i
       FROM generate_series(1, $2) AS i`,
      [assessmentId, n],
    );
  } finally {
    await client.end();
  }
}
