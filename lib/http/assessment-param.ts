import { getPrisma } from '../db/client';
import { AppError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Resolves a route's assessment id or answers 404 (the same for malformed and unknown ids). */
export async function requireAssessment(id: string): Promise<string> {
  if (!UUID.test(id) || !(await getPrisma().assessment.findUnique({ where: { id }, select: { id: true } }))) {
    throw new AppError('not_found', `assessment ${id} not found`, 'This assessment does not exist.');
  }
  return id;
}
