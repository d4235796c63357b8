// Deleting an assessment also cancels its pipeline: a running ingest sees the status and rolls
// back within a second, then the rows go (cascade) and the stored uploads and demo data are removed.
import fs from 'node:fs';
import path from 'node:path';
import { getPool, getPrisma } from '../db/client';
import { dataRoot, demoFolder } from '../db/paths';
import { dropRecordsOf } from '../ingest/partitions';

export async function deleteAssessment(id: string): Promise<void> {
  const prisma = getPrisma();
  const uploads = await prisma.upload.findMany({ where: { assessmentId: id }, select: { storedPath: true } });
  await prisma.assessment.update({ where: { id }, data: { status: 'cancelling' } });
  // Waits for a running ingest or analysis transaction (they hold key-share locks on the row).
  // activity_evidence has no foreign keys (lib/correlate/correlate.ts): its rows go explicitly,
  // after the delete has waited for any analysis to commit (a new statement sees its rows).
  await prisma.$transaction([prisma.assessment.delete({ where: { id } }), prisma.$executeRaw`DELETE FROM activity_evidence WHERE assessment_id = ${id}::uuid`]);
  // Flows and log events: the assessment's own partitions go whole (lib/ingest/partitions.ts).
  await dropRecordsOf(getPool(), id);
  // Only files the app stored itself; the CLI reads the user's files in place and never owns them.
  const own = path.join(dataRoot, 'uploads', id);
  if (uploads.some((u) => u.storedPath.startsWith(own + path.sep))) fs.rmSync(own, { recursive: true, force: true });
  // A demo assessment's generated files (lib/assessments/demo.ts); absent for any other assessment.
  fs.rmSync(demoFolder(id), { recursive: true, force: true });
}
