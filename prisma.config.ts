import { defineConfig } from 'prisma/config';

// The connection URL is only needed by Prisma CLI commands that talk to a database
// (`prisma migrate deploy` elsewhere); the app applies migrations itself (lib/db/migrate.ts)
// and connects through the pg driver adapter (lib/db/client.ts).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost/sightline' },
});
