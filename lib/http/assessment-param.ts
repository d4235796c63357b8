import { getPrisma } from '../db/client';
import { AppError } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a route's id can name a row at all. A malformed id is a 404 before any query (the
 * database would refuse it); a query that fails is an outage, a 500, never a 404.
 */
export const isUuid = (id: string): boolean => UUID.test(id);

/** Resolves a route's assessment id or answers 404 (the same for malformed and unknown ids). */
export async function requireAssessment(id: string): Promise<string> {
  if (!isUuid(id) || !(await getPrisma().assessment.findUnique({ where: { id }, select: { id: true } }))) {
    throw new AppError('not_found', `assessment ${id} not found`, 'This assessment does not exist.');
  }
  return id;
}
