import type { Target } from '../../config/targets.js';
import { identifierTooLongRule } from '../../rules/identifier-too-long.js';
import type { MigrationSystem } from '../migration-system.js';
import { LOCK_FILE, MIGRATION_SQL, PRISMA_TABLE, loadPrismaFolder } from './load-folder.js';
import { prismaRules } from './rules/index.js';
import { PRISMA_CONFIG_FILES } from './discover.js';

const HISTORY = /^([^/]+)\/migration\.sql$/;
const tagOfPath = (path: string) => HISTORY.exec(path)?.[1];

/** Prisma Migrate: `migrations/<name>/migration.sql` per migration plus `migration_lock.toml`, applied by the schema
 * engine in name order and recorded in `_prisma_migrations`; schema.prisma is the schema source, and Prisma's own
 * schema engine (wasm, in-process) is the judge of what the migrations add up to. */
export const prisma: MigrationSystem = {
  id: 'prisma',
  tool: 'Prisma Migrate',
  newMigration: 'prisma migrate dev, or migrate dev --create-only for SQL Prisma cannot express',
  async detect(source) {
    const top = (await source.list('')) ?? [];
    if (top.some((e) => e.isFile && e.name === LOCK_FILE)) return true;
    // Without a lock file: migration folders holding only migration.sql (drizzle-kit 1.0's hold snapshot.json too).
    const dirs = await Promise.all(top.filter((e) => !e.isFile).map((d) => source.list(d.name)));
    const files = dirs.flatMap((entries) => (entries ?? []).filter((e) => e.isFile).map((e) => e.name));
    return files.includes(MIGRATION_SQL) && !files.includes('snapshot.json');
  },
  load: (source, target) => loadPrismaFolder(source, target.label),
  // No snapshots: identifier/too-long reads the SQL only.
  rules: [...prismaRules, identifierTooLongRule(async () => [])],
  isHistoryFile: (path) => HISTORY.test(path),
  tagOfPath: (_folder, path) => tagOfPath(path),
  tagsOfListing: async (listing) => [...new Set([...listing.keys()].flatMap((path) => tagOfPath(path) ?? []))],
  projectMarkers: [...PRISMA_CONFIG_FILES, 'prisma/schema.prisma', 'prisma/schema'],
  async findTargets(cwd) {
    const { prismaTargets } = await import('./targets.js');
    return prismaTargets(cwd);
  },
  // .prisma files import nothing; the engine reads them and the folder only
  schemaSelfContained: true,
  schemaCheck: async (ctx, schemaFiles) => (await import('./schema-check.js')).prismaSchemaCheck(ctx, schemaFiles),
  declaredSchema: async (_folder, target) => (await import('./declared-schema.js')).prismaDeclaredSchema(target),
  verifyDatabase: async (client, folder, opts) => (await import('./verify-database.js')).verifyPrismaDatabase(client, folder, opts),
  prepareReplay: async (target, folder) => (await import('./replay/replay.js')).preparePrismaReplay(target, folder),
};

export type PrismaTarget = Target & { system: 'prisma' };
export { PRISMA_TABLE };
