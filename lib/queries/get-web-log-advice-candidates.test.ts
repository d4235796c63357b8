import { afterAll, describe, expect, it } from 'vitest';
import { createAssessment } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { dropRecordsOf } from '../ingest/partitions';
import { getWebLogAdviceCandidates } from './get-web-log-advice-candidates';

afterAll(async () => {
  await closeDb();
});

// What it finds on real data is checked in lib/advice/advice-sources.test.ts (generated with and without access logs).
describe('getWebLogAdviceCandidates', () => {
  it('finds nothing, without an error, for an assessment with no flows and for one whose partitions a delete already dropped', async () => {
    const id = await createAssessment({ name: 'web-log advice, no flows' });
    expect(await getWebLogAdviceCandidates(id)).toEqual([]);
    // A page open while the assessment is deleted: its partitions go before its row.
    await dropRecordsOf(getPool(), id);
    expect(await getWebLogAdviceCandidates(id)).toEqual([]);
  });
});
