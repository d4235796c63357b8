// Prisma 7's `generate` wants to download a native schema engine it does not use for
// client generation; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file avoids the
// download, which this project's machines (no internet beyond the npm registry) cannot do.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= fileURLToPath(import.meta.url);
const result = spawnSync('npx', ['--no-install', 'prisma', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
