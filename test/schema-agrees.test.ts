// Proves prisma/schema.prisma and the hand-written SQL migrations describe the same
// database: every scalar field has a column of the right type and nullability, every
// column is in the schema, every closed value set (`// a | b` comment) is a CHECK constraint
// naming the same values as lib/enums.ts, and every model can be written and read through
// Prisma Client.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteAssessment } from '../lib/assessments/delete';
import { closeDb, getPool, getPrisma } from '../lib/db/client';
import { CHECKED_COLUMNS } from '../lib/enums';

interface SchemaField {
  column: string;
  udt: string;
  nullable: boolean;
}

const SCALARS: Record<string, string> = {
  String: 'text',
  Int: 'int4',
  BigInt: 'int8',
  Float: 'float8',
  Boolean: 'bool',
  DateTime: 'timestamp',
  Json: 'jsonb',
};
const NATIVE: Record<string, string> = {
  Uuid: 'uuid',
  Inet: 'inet',
  SmallInt: 'int2',
  Timestamptz: 'timestamptz',
};

function parseSchema(text: string): Map<string, SchemaField[]> {
  const tables = new Map<string, SchemaField[]>();
  const models = new Set([...text.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]));
  for (const block of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    const body = block[2] ?? '';
    const table = /@@map\("(\w+)"\)/.exec(body)?.[1] ?? block[1] ?? '';
    const fields: SchemaField[] = [];
    for (const line of body.split('\n')) {
      const m = /^\s+(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!m || line.trim().startsWith('//') || line.trim().startsWith('@@')) continue;
      const [, name = '', type = '', list, optional, attrs = ''] = m;
      if (models.has(type)) continue; // relation field, no column
      const native = /@db\.(\w+)/.exec(attrs)?.[1];
      const base = (native && NATIVE[native]) || SCALARS[type] || type;
      fields.push({
        column: /@map\("(\w+)"\)/.exec(attrs)?.[1] ?? name,
        udt: list ? `_${base}` : base,
        // Prisma lists are nullable columns; optional scalars are nullable.
        nullable: Boolean(optional) || Boolean(list),
      });
    }
    tables.set(table, fields);
  }
  return tables;
}

afterAll(closeDb);

describe('schema.prisma and migrations', () => {
  const schema = parseSchema(fs.readFileSync(path.join(import.meta.dirname, '..', 'prisma', 'schema.prisma'), 'utf8'));

  it('declare the same tables and columns', async () => {
    const { rows } = await getPool().query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
         -- partitions (flow_a_<assessment>, flow_u_<upload>, …) are their parent's rows, not tables of their own
         AND table_name NOT IN (SELECT relname FROM pg_class WHERE relispartition)`,
    );
    const db = new Map<string, SchemaField[]>();
    for (const r of rows) {
      const list = db.get(r.table_name) ?? [];
      list.push({ column: r.column_name, udt: r.udt_name, nullable: r.is_nullable === 'YES' });
      db.set(r.table_name, list);
    }
    const sort = (m: Map<string, SchemaField[]>) =>
      Object.fromEntries([...m.entries()].sort().map(([t, f]) => [t, [...f].sort((a, b) => a.column.localeCompare(b.column))]));
    expect(sort(db)).toEqual(sort(schema));
  });

  it('declare the same indexes (every @@index, @@unique and @@id of the schema exists, same columns in order)', async () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, '..', 'prisma', 'schema.prisma'), 'utf8');
    const wanted: string[] = [];
    for (const block of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
      const body = block[2] ?? '';
      const table = /@@map\("(\w+)"\)/.exec(body)?.[1] ?? block[1] ?? '';
      const columnOf = new Map<string, string>();
      for (const line of body.split('\n')) {
        const m = /^\s+(\w+)\s+\w+.*?(?:@map\("(\w+)"\))?\s*$/.exec(line);
        if (m?.[1] && !line.trim().startsWith('@@')) columnOf.set(m[1], /@map\("(\w+)"\)/.exec(line)?.[1] ?? m[1]);
      }
      for (const idx of body.matchAll(/@@(?:index|unique|id)\(\[([^\]]+)\]/g)) {
        const cols = (idx[1] ?? '').split(',').map((f) => columnOf.get(f.trim()) ?? f.trim());
        wanted.push(`${table}(${cols.join(',')})`);
      }
    }
    const { rows } = await getPool().query<{ def: string }>(
      `SELECT t.relname || '(' || string_agg(a.attname, ',' ORDER BY k.ord) || ')' AS def
       FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
       WHERE n.nspname = current_schema() AND i.indpred IS NULL AND k.ord <= i.indnkeyatts -- key columns (INCLUDE ones are not the schema's)
       GROUP BY i.indexrelid, t.relname`,
    );
    const have = new Set(rows.map((r) => r.def));
    expect(wanted.length).toBeGreaterThan(10);
    expect(wanted.filter((w) => !have.has(w))).toEqual([]);
  });

  it('declare the same closed value sets (each `// a | b` comment is a CHECK constraint, and lib/enums.ts agrees)', async () => {
    const text = fs.readFileSync(path.join(import.meta.dirname, '..', 'prisma', 'schema.prisma'), 'utf8');
    const commented: Record<string, string[]> = {};
    for (const block of text.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
      const body = block[2] ?? '';
      const table = /@@map\("(\w+)"\)/.exec(body)?.[1] ?? block[1] ?? '';
      for (const line of body.split('\n')) {
        const m = /^\s+(\w+)\s+String\b[^/]*\/\/\s*([\w-]+(?:\s*\|\s*[\w-]+)+)\s*$/.exec(line);
        if (!m?.[1] || !m[2]) continue;
        const column = /@map\("(\w+)"\)/.exec(line)?.[1] ?? m[1];
        commented[`${table}.${column}`] = m[2].split('|').map((v) => v.trim());
      }
    }
    const { rows } = await getPool().query<{ col: string; def: string }>(
      `SELECT t.relname || '.' || a.attname AS col, pg_get_constraintdef(c.oid) AS def
       FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = c.conkey[1]
       WHERE c.contype = 'c' AND n.nspname = current_schema() AND NOT t.relispartition`,
    );
    const checked = Object.fromEntries(rows.map((r) => [r.col, [...r.def.matchAll(/'([^']*)'::text/g)].map((m) => m[1])]));
    const sorted = (o: Record<string, readonly (string | undefined)[]>) => Object.fromEntries(Object.entries(o).sort());
    expect(Object.keys(commented).length).toBeGreaterThan(10);
    expect(sorted(checked)).toEqual(sorted(commented));
    expect(sorted(CHECKED_COLUMNS)).toEqual(sorted(commented));
    await expect(getPool().query(`INSERT INTO assessment (id, name, status) VALUES (gen_random_uuid(), 'checked', 'paused')`)).rejects.toThrow(
      /assessment_status_check/,
    );
  });

  it('every model can be written and read through Prisma', async () => {
    const prisma = getPrisma();
    const a = await prisma.assessment.create({ data: { name: 'schema round-trip' } });
    const u = await prisma.upload.create({
      data: { assessmentId: a.id, kind: 'logs', originalName: 'x.log', storedPath: '/tmp/x', sizeBytes: 1n, sha256: 'ab' },
    });
    const sf = await prisma.sourceFile.create({ data: { assessmentId: a.id, uploadId: u.id, path: 'x.log', kind: 'logs' } });
    await prisma.parseError.create({ data: { assessmentId: a.id, uploadId: u.id, path: 'x.log', line: 3, reason: 'bad' } });
    const h = await prisma.host.create({ data: { assessmentId: a.id, name: 'web01', source: 'logs' } });
    await prisma.hostAddress.create({ data: { assessmentId: a.id, hostId: h.id, ip: '10.0.0.5', source: 'logs' } });
    const t = new Date('2026-03-07T14:02:11.123Z');
    await prisma.flow.create({
      data: {
        assessmentId: a.id,
        sourceFileId: sf.id,
        recordNo: 1,
        startTs: t,
        endTs: t,
        srcIp: '10.0.0.5',
        dstIp: '2001:db8::1',
        srcPort: 1,
        dstPort: 2,
        proto: 6,
        packets: 1n,
        bytes: 40n,
      },
    });
    await prisma.logEvent.create({
      data: { assessmentId: a.id, sourceFileId: sf.id, lineNo: 1, ts: t, kind: 'exec', argv: ['ls', '-l'], paths: [], raw: '<b>x</b>' },
    });
    await prisma.detection.create({
      data: {
        assessmentId: a.id,
        detector: 'd',
        source: 'network',
        stage: 'recon',
        technique: 'T1046',
        startTs: t,
        endTs: t,
        score: 0.5,
        severity: 'low',
        summary: 's',
        evidenceIds: [1n, 2n],
      },
    });
    const act = await prisma.activity.create({
      data: {
        assessmentId: a.id,
        stage: 'recon',
        technique: 'T1046',
        hostIps: ['10.0.0.5'],
        startTs: t,
        endTs: t,
        network: 'detected',
        logs: 'blind',
        score: 0.5,
        severity: 'low',
        summary: 's',
        detectionIds: [7n],
      },
    });
    await prisma.activityEvidence.create({ data: { assessmentId: a.id, activityId: act.id, source: 'network', recordId: 1n, detected: true } });
    await prisma.flowAddressRollup.create({
      data: {
        assessmentId: a.id,
        sourceFileId: sf.id,
        ip: '10.0.0.5',
        flows: 1n,
        firstTs: t,
        lastTs: t,
        sent: 1n,
        received: 0n,
        answered: 0n,
        bytesOut: 60n,
        bytesIn: 0n,
      },
    });
    await prisma.flowAddressPeers.create({ data: { assessmentId: a.id, ip: '10.0.0.5', peers: 1 } });
    await prisma.flowMinuteRollup.create({ data: { assessmentId: a.id, sourceFileId: sf.id, minute: t, flows: 1n, firstTs: t, lastTs: t, longestMs: 0n } });
    await prisma.logRollup.create({
      data: { assessmentId: a.id, sourceFileId: sf.id, hostName: 'web01', bucket: t, events: 1, execs: 1, firstTs: t, lastTs: t },
    });
    await prisma.blindSpot.create({ data: { assessmentId: a.id, kind: 'log_gap', source: 'logs', detail: 'gap' } });

    const back = await prisma.assessment.findUniqueOrThrow({
      where: { id: a.id },
      include: {
        uploads: true,
        sourceFiles: true,
        parseErrors: true,
        hosts: { include: { addresses: true } },
        detections: true,
        activities: true,
        blindSpots: true,
        flowAddressPeers: true,
      },
    });
    const evidence = await prisma.activityEvidence.findMany({ where: { activityId: act.id } });
    // The ingest rollups have no relation to their assessment either (no foreign key: a per-row check at ingest).
    const where = { where: { assessmentId: a.id } };
    const rollups = {
      address: await prisma.flowAddressRollup.findMany(where),
      minute: await prisma.flowMinuteRollup.findMany(where),
      log: await prisma.logRollup.findMany(where),
    };
    // Flows and log events have no relation to their assessment (partitioned, no foreign key).
    const flows = await prisma.flow.findMany({ where: { assessmentId: a.id } });
    const logEvents = await prisma.logEvent.findMany({ where: { assessmentId: a.id } });
    expect(flows[0]?.dstIp).toBe('2001:db8::1');
    expect(flows[0]?.startTs.toISOString()).toBe(t.toISOString());
    expect(logEvents[0]?.argv).toEqual(['ls', '-l']);
    expect(back.hosts[0]?.addresses[0]?.ip).toBe('10.0.0.5');
    expect(back.detections[0]?.evidenceIds).toEqual([1n, 2n]);
    expect(back.activities[0]?.detectionIds).toEqual([7n]);
    expect(evidence).toHaveLength(1);
    expect(rollups.address[0]?.ip).toBe('10.0.0.5');
    expect(rollups.address[0]?.bytesOut).toBe(60n);
    expect(back.flowAddressPeers[0]?.peers).toBe(1);
    expect(rollups.minute[0]?.longestMs).toBe(0n);
    expect(rollups.log[0]?.execs).toBe(1);
    expect(back.parseErrors[0]?.line).toBe(3);
    expect(back.blindSpots).toHaveLength(1);
    const user = await prisma.user.create({ data: { username: `round-trip-${a.id}`, passwordHash: 'scrypt$x' } });
    await prisma.session.create({ data: { tokenHash: `h-${a.id}`, userId: user.id, expiresAt: t } });
    await prisma.loginAttempt.create({ data: { scope: 'login', subject: 'someone', ip: '192.0.2.1' } });
    const report = await prisma.report.create({ data: { assessmentId: a.id, createdById: user.id, title: 'r', snapshot: { version: 1 } } });
    await prisma.shareLink.create({ data: { reportId: report.id, tokenHash: `s-${a.id}`, expiresAt: t } });
    const account = await prisma.user.findUniqueOrThrow({
      where: { id: user.id },
      include: { sessions: true, reports: { include: { shareLinks: true } } },
    });
    expect(account.sessions[0]?.expiresAt.toISOString()).toBe(t.toISOString());
    expect(account.reports[0]?.snapshot).toEqual({ version: 1 });
    expect(account.reports[0]?.shareLinks[0]?.viewCount).toBe(0);

    await deleteAssessment(a.id);
    expect(await prisma.flow.count({ where: { assessmentId: a.id } })).toBe(0);
    expect(await prisma.logEvent.count({ where: { assessmentId: a.id } })).toBe(0);
    // No foreign keys on the ingest rollups and on evidence (derived, rebuilt as a whole): deleting the assessment removes them explicitly.
    expect(await prisma.logRollup.count({ where: { assessmentId: a.id } })).toBe(0);
    expect(await prisma.flowAddressRollup.count({ where: { assessmentId: a.id } })).toBe(0);
    expect(await prisma.flowMinuteRollup.count({ where: { assessmentId: a.id } })).toBe(0);
    expect(await prisma.activityEvidence.count({ where: { assessmentId: a.id } })).toBe(0);
    // A report outlives its assessment (SET NULL); deleting the user ends its sessions.
    expect((await prisma.report.findUniqueOrThrow({ where: { id: report.id } })).assessmentId).toBeNull();
    await prisma.user.delete({ where: { id: user.id } });
    expect(await prisma.session.count({ where: { userId: user.id } })).toBe(0);
    await prisma.report.delete({ where: { id: report.id } });
    expect(await prisma.shareLink.count({ where: { reportId: report.id } })).toBe(0);
  });

  it('records migrations in Prisma format', async () => {
    const { rows } = await getPool().query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations"');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).toBeInstanceOf(Date);
    }
  });
});
