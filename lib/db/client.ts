// One pg pool and one Prisma client per process. Prisma handles CRUD; the pool serves COPY
// and the set-based SQL of detectors and correlation.
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/client';

// inet and timestamptz come back as text/Date; BIGINT (int8) as string unless parsed: keep
// strings for ids (they exceed 2^53 only in theory), convert counts explicitly where needed.

interface DbGlobals {
  pool?: pg.Pool;
  prisma?: PrismaClient;
}
const globals = globalThis as typeof globalThis & { __sightlineDb?: DbGlobals };
globals.__sightlineDb ??= {};
const db: DbGlobals = globals.__sightlineDb;

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (start Sightline with `npm start`, which provides one)');
  return url;
}

export function getPool(): pg.Pool {
  if (!db.pool) {
    db.pool = new pg.Pool({ connectionString: databaseUrl(), max: 10 });
    // A lost connection must fail the work using it, not crash the process.
    db.pool.on('error', (err) => console.error(`[sightline] database connection lost: ${err.message}`));
    db.pool.on('connect', (client) => client.on('error', () => {}));
  }
  return db.pool;
}

export function getPrisma(): PrismaClient {
  db.prisma ??= new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl(), max: 5 }) });
  return db.prisma;
}

export async function closeDb(): Promise<void> {
  const { pool, prisma } = db;
  db.pool = undefined;
  db.prisma = undefined;
  await Promise.all([pool?.end(), prisma?.$disconnect()]);
}

export type { PrismaClient };
