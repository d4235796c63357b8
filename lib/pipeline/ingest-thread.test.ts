// An ingest lane in a thread of its own stores what the main thread stores, reports each
// upload's end as runIngest returns it, and rejects on a crash (issue 17).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { at, nfdumpTime, syslogTime } from '../../test/make-data';
import { addLocalUpload, createAssessment } from '../assessments/service';
import { closeDb, getPool } from '../db/client';
import { runIngest } from './ingest';
import { runIngestInThread } from './ingest-thread';
import type { IngestResult } from './ingest-upload';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-ingest-thread-'));
afterAll(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await closeDb();
});

const HEADER = 'firstSeen,duration,proto,srcAddr,srcPort,dstAddr,dstPort,packets,bytes,flows';
function inputs() {
  const flows = path.join(dir, 'flows.csv');
  const rows = Array.from({ length: 300 }, (_, i) => `${nfdumpTime(at(i))},0.500,TCP,10.0.0.${(i % 50) + 2},${40000 + i},10.0.1.5,443,4,${300 + i},1`);
  fs.writeFileSync(flows, [HEADER, ...rows, 'not,a,flow', ''].join('\n'));
  const auth = path.join(dir, 'auth.log');
  fs.writeFileSync(auth, `${syslogTime(at(5))} web01 sshd[411]: Accepted publickey for ops from 10.0.0.7 port 51000 ssh2\n`);
  return { flows, auth };
}

/** What an assessment holds, without its ids: the flows and log events as stored. */
async function stored(assessmentId: string) {
  const { rows: flows } = await getPool().query(
    `SELECT record_no, start_ts, host(src_ip) AS src, src_port, host(dst_ip) AS dst, dst_port, bytes, rev_bytes FROM flow WHERE assessment_id = $1 ORDER BY record_no`,
    [assessmentId],
  );
  const { rows: events } = await getPool().query('SELECT line_no, kind, host_name, raw FROM log_event WHERE assessment_id = $1 ORDER BY line_no', [
    assessmentId,
  ]);
  return { flows, events };
}

describe('ingest in a thread of its own', () => {
  it('stores what the main thread stores and reports each upload as it ends', { timeout: 120_000 }, async () => {
    const { flows, auth } = inputs();
    const here = await createAssessment({ name: 'main thread', timeZone: 'UTC' });
    for (const [kind, file] of [
      ['flows', flows],
      ['logs', auth],
    ] as const)
      await runIngest(await addLocalUpload({ assessmentId: here, kind, file }));
    const there = await createAssessment({ name: 'own thread', timeZone: 'UTC' });
    const ids = [
      await addLocalUpload({ assessmentId: there, kind: 'flows', file: flows }),
      await addLocalUpload({ assessmentId: there, kind: 'logs', file: auth }),
    ];
    const seen: string[] = [];
    const results = new Map<string, IngestResult | undefined>();
    await runIngestInThread(ids, {
      onStart: (id) => seen.push(`start ${id}`),
      onDone: (id, r) => {
        seen.push(`done ${id}`);
        results.set(id, r);
      },
    });
    expect(seen).toEqual([`start ${ids[0]}`, `done ${ids[0]}`, `start ${ids[1]}`, `done ${ids[1]}`]);
    expect(results.get(ids[0] ?? '')).toMatchObject({ records: 300, errors: 1 });
    expect(results.get(ids[1] ?? '')).toMatchObject({ records: 1, errors: 0 });
    const [a, b] = [await stored(here), await stored(there)];
    expect(b.flows).toHaveLength(300);
    expect(b).toEqual(a);
    const { rows } = await getPool().query('SELECT status, records::int AS records FROM upload WHERE id = ANY($1::uuid[]) ORDER BY kind', [ids]);
    expect(rows).toEqual([
      { status: 'done', records: 300 },
      { status: 'done', records: 1 },
    ]);
  });

  it('rejects with the reason when an ingest crashes, and reports nothing for it', async () => {
    const done: string[] = [];
    await expect(runIngestInThread(['00000000-0000-4000-8000-000000000000'], { onDone: (id) => done.push(id) })).rejects.toThrow(
      'upload 00000000-0000-4000-8000-000000000000 not found',
    );
    expect(done).toEqual([]);
  });
});
