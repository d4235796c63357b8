import { getPrisma } from '../db/client';

export interface AssessmentStatus {
  id: string;
  name: string;
  status: string;
  stage: string | null;
  error: string | null;
  uploads: {
    id: string;
    name: string;
    kind: string;
    status: string;
    sizeBytes: number;
    bytesRead: number;
    records: number;
    errors: number;
    error: string | null;
  }[];
}

export async function getAssessmentStatus(id: string): Promise<AssessmentStatus | null> {
  const a = await getPrisma().assessment.findUnique({ where: { id }, include: { uploads: { orderBy: { createdAt: 'asc' } } } });
  if (!a) return null;
  return {
    id: a.id,
    name: a.name,
    status: a.status,
    stage: a.stage,
    error: a.error,
    uploads: a.uploads.map((u) => ({
      id: u.id,
      name: u.originalName,
      kind: u.kind,
      status: u.status,
      sizeBytes: Number(u.sizeBytes),
      bytesRead: Number(u.bytesRead),
      records: Number(u.records),
      errors: u.errorCount,
      error: u.error,
    })),
  };
}
