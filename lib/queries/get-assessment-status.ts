import { getPrisma } from '../db/client';
import { type AssessmentState, type FileKind, type UploadState, ZAssessmentState, ZFileKind, ZUploadState } from '../enums';
import { getProblemCountsByUpload, type ProblemCounts } from './get-files';

export interface AssessmentStatus {
  id: string;
  name: string;
  status: AssessmentState;
  stage: string | null;
  error: string | null;
  uploads: {
    id: string;
    name: string;
    kind: FileKind;
    status: UploadState;
    sizeBytes: number;
    bytesRead: number;
    records: number;
    errors: number;
    /** Per file and per line apart, once the upload's files are stored (null while it is read). */
    problems: ProblemCounts | null;
    error: string | null;
  }[];
}

export async function getAssessmentStatus(id: string): Promise<AssessmentStatus | null> {
  const a = await getPrisma().assessment.findUnique({ where: { id }, include: { uploads: { orderBy: { createdAt: 'asc' } } } });
  if (!a) return null;
  const problems = await getProblemCountsByUpload(id);
  return {
    id: a.id,
    name: a.name,
    // The CHECK constraints hold these to the enums; parsing states it without a cast.
    status: ZAssessmentState.parse(a.status),
    stage: a.stage,
    error: a.error,
    uploads: a.uploads.map((u) => ({
      id: u.id,
      name: u.originalName,
      kind: ZFileKind.parse(u.kind),
      status: ZUploadState.parse(u.status),
      sizeBytes: Number(u.sizeBytes),
      bytesRead: Number(u.bytesRead),
      records: Number(u.records),
      errors: u.errorCount,
      problems: problems.get(u.id) ?? null,
      error: u.error,
    })),
  };
}

/** Whether an assessment with this id exists (the id already checked as a UUID). */
export async function assessmentExists(id: string): Promise<boolean> {
  return (await getPrisma().assessment.findUnique({ where: { id }, select: { id: true } })) !== null;
}
