// Helpers for tests that touch PostgreSQL: each test works in its own assessment.
import { getPrisma } from '../lib/db/client';

export async function createTestAssessment(name = 'test'): Promise<string> {
  const a = await getPrisma().assessment.create({ data: { name: `${name} ${Date.now()}` } });
  return a.id;
}
