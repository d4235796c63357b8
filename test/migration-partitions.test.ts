// The partitioning migration moves what a database already holds: flows and log events loaded
// before it end up in their assessments' partitions, none lost, ids kept, and new rows still
// draw from the same sequences.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { applyMigrations, migrationsDir } from '../lib/db/migrate';

const PARTITIONING = '20261205000000_records_partitioned_by_assessment';
const dbName = `migration_${process.pid}_${Date.now()}`;
const admin = new pg.Pool({ connectionString: process.env.DATABASE_URL });
let pool: pg.Pool | undefined;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-migrations-'));

afterAll(async () => {
  await pool?.end();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.end();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('migration to partitioned records', () => {
  it('moves existing flows and log events into their assessments partitions', async () => {
    await admin.query(`CREATE DATABASE ${dbName}`);
    const url = new URL(process.env.DATABASE_URL ?? '');
    url.pathname = `/${dbName}`;
    pool = new pg.Pool({ connectionString: url.toString() });
    // The migrations before partitioning, then data, then the rest.
    const before = fs.readdirSync(migrationsDir).filter((n) => /^\d/.test(n) && n < PARTITIONING);
    for (const n of before) fs.cpSync(path.join(migrationsDir, n), path.join(tmp, n), { recursive: true });
    await applyMigrations(pool, tmp);
    const a = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'];
    for (const id of a) await pool.query(`INSERT INTO assessment (id, name, updated_at) VALUES ($1, 'old', now())`, [id]);
    await pool.query(
      `INSERT INTO flow (assessment_id, source_file_id, record_no, start_ts, end_ts, src_ip, dst_ip, src_port, dst_port, proto, packets, bytes)
       SELECT ($1::uuid[])[1 + g % 2], gen_random_uuid(), g, now(), now(), '10.0.0.1', '10.0.0.2', 1, 2, 6, 1, 40 FROM generate_series(1, 30) g`,
      [a],
    );
    await pool.query(
      `INSERT INTO log_event (assessment_id, source_file_id, line_no, ts, host_name, kind, raw)
       SELECT ($1::uuid[])[1 + g % 2], gen_random_uuid(), g, now(), 'web01', 'syslog', 'x' FROM generate_series(1, 20) g`,
      [a],
    );
    const ids = async (t: string) => (await pool?.query<{ id: string }>(`SELECT id::text FROM ${t} ORDER BY id`))?.rows.map((r) => r.id);
    const flowIds = await ids('flow');
    const logIds = await ids('log_event');

    const applied = await applyMigrations(pool, migrationsDir);
    expect(applied).toContain(PARTITIONING);
    expect(await ids('flow')).toEqual(flowIds);
    expect(await ids('log_event')).toEqual(logIds);
    for (const id of a) {
      const hex = id.replace(/-/g, '');
      const { rows } = await pool.query<{ f: number; l: number }>(
        `SELECT (SELECT count(*)::int FROM flow_a_${hex}) AS f, (SELECT count(*)::int FROM log_event_a_${hex}) AS l`,
      );
      expect(rows[0]).toEqual({ f: 15, l: 10 });
    }
    const next = await pool.query<{ id: string }>(
      `INSERT INTO flow (assessment_id, source_file_id, record_no, start_ts, end_ts, src_ip, dst_ip, src_port, dst_port, proto, packets, bytes)
       VALUES ($1, gen_random_uuid(), 1, now(), now(), '10.0.0.1', '10.0.0.2', 1, 2, 6, 1, 40) RETURNING id::text`,
      [a[0]],
    );
    expect(BigInt(next.rows[0]?.id ?? 0)).toBeGreaterThan(BigInt(flowIds?.at(-1) ?? 0));
    expect((await pool.query(`SELECT to_regclass('flow_before_partitioning') AS t`)).rows[0].t).toBeNull();
  });
});
