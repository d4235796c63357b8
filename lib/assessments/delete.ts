// Deleting an assessment also cancels its pipeline: a running ingest sees the status and rolls
// back within a second, a running analysis has its statement cancelled (and looks at the status
// between stages), then the rows go (cascade) and the stored uploads and demo data are removed.
import fs from 'node:fs';
import path from 'node:path';
import type pg from 'pg';
import { getPool, getPrisma } from '../db/client';
import { dataRoot, demoFolder } from '../db/paths';
import { dropRecordsOf } from '../ingest/partitions';
import { ANALYSIS_BACKENDS } from '../pipeline/analysis-lock';

/** An assessment's tables without a foreign key to it (a per-row check was too slow for them). */
const UNKEYED_TABLES = ['activity_evidence', 'flow_address_rollup', 'flow_minute_rollup', 'log_rollup'] as const;

/** How long the delete waits for a cancelled pipeline to let go of the assessment's rows. */
const GIVE_UP_AFTER_MS = 60_000;

export async function deleteAssessment(id: string): Promise<void> {
  const prisma = getPrisma();
  const uploads = await prisma.upload.findMany({ where: { assessmentId: id }, select: { storedPath: true } });
  await prisma.assessment.update({ where: { id }, data: { status: 'cancelling' } });
  await deleteRows(getPool(), id);
  // Flows and log events: the assessment's own partitions go whole (lib/ingest/partitions.ts).
  await dropRecordsOf(getPool(), id);
  // Only files the app stored itself; the CLI reads the user's files in place and never owns them.
  const own = path.join(/*turbopackIgnore: true*/ dataRoot, 'uploads', id);
  if (uploads.some((u) => u.storedPath.startsWith(own + path.sep))) fs.rmSync(own, { recursive: true, force: true });
  // A demo assessment's generated files (lib/assessments/demo.ts); absent for any other assessment.
  fs.rmSync(demoFolder(id), { recursive: true, force: true });
}

/**
 * The assessment's rows (the rest by cascade). A running ingest or analysis holds a key-share
 * lock on the assessment row until it rolls back (HOLD_ASSESSMENT, taken first in its
 * transaction): the delete waits for them a second at a
 * time, cancelling the analysis' running statement before each try, and gives up with one line
 * after a minute. Not a Prisma interactive transaction: those expire after 5 s.
 */
async function deleteRows(pool: pg.Pool, id: string): Promise<void> {
  const started = Date.now();
  for (;;) {
    await pool.query(`SELECT pg_cancel_backend(b.pid) FROM (${ANALYSIS_BACKENDS}) b WHERE b.pid <> pg_backend_pid()`, [id]);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`SET LOCAL lock_timeout = '1s'`);
      await client.query('DELETE FROM assessment WHERE id = $1', [id]);
      // activity_evidence (lib/correlate/correlate.ts) and the ingest rollups (lib/records/rollups.ts)
      // have no foreign keys: their rows go explicitly.
      for (const table of UNKEYED_TABLES) await client.query(`DELETE FROM ${table} WHERE assessment_id = $1`, [id]);
      await client.query('COMMIT');
      return;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      const lockTimeout = (err as { code?: string }).code === '55P03';
      if (!lockTimeout) throw err;
      if (Date.now() - started > GIVE_UP_AFTER_MS) {
        throw new Error(`assessment ${id} is still held by its ingest or analysis after ${GIVE_UP_AFTER_MS / 1000} s; try deleting it again`);
      }
    } finally {
      client.release();
    }
  }
}
