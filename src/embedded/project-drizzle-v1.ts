import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { debug } from '../debug.js';
import type { V1MigrationMeta } from './migration-meta-v1.js';

/** What the 1.0 replay uses from the project's own drizzle-orm 1.x: the reader and the pg-core `migrate` — what
 * `drizzle-orm/<driver>/migrator` calls (`migrate(readMigrationFiles(config), db, config)`) — plus PgDialect's
 * sqlToQuery to turn the migrator's `sql` objects into text for the embedded database. */
export interface ProjectDrizzleV1 {
  version: string;
  readMigrationFiles(config: { migrationsFolder: string }): V1MigrationMeta[];
  migrate(migrations: V1MigrationMeta[], db: unknown, config: { migrationsFolder: string; migrationsTable?: string; migrationsSchema?: string }): Promise<unknown>;
  dialect: { sqlToQuery(sql: unknown): { sql: string; params: unknown[] } };
}

const cache = new Map<string, Promise<ProjectDrizzleV1 | null>>();

/** drizzle-orm as the project at `root` resolves it when it is 1.x, else null (not installed, 0.x, or a build
 * without the pg-core `migrate(migrations, db, config)` this adapter drives). */
export function loadProjectDrizzleV1(root: string): Promise<ProjectDrizzleV1 | null> {
  let found = cache.get(root);
  if (!found) {
    found = load(root);
    cache.set(root, found);
  }
  return found;
}

async function load(root: string): Promise<ProjectDrizzleV1 | null> {
  try {
    const require = createRequire(join(root, 'package.json'));
    const migratorPath = require.resolve('drizzle-orm/migrator');
    const pgCorePath = require.resolve('drizzle-orm/pg-core');
    let dir = dirname(migratorPath);
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    const version = String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version ?? '?');
    if (!/^1\./.test(version)) return null;
    const [migrator, pgCore] = await Promise.all([import(pathToFileURL(migratorPath).href), import(pathToFileURL(pgCorePath).href)]);
    const readMigrationFiles = migrator.readMigrationFiles ?? migrator.default?.readMigrationFiles;
    const migrate = pgCore.migrate ?? pgCore.default?.migrate;
    const PgDialect = pgCore.PgDialect ?? pgCore.default?.PgDialect;
    if (typeof readMigrationFiles !== 'function' || typeof migrate !== 'function' || typeof PgDialect !== 'function') return null;
    const dialect = new PgDialect();
    if (typeof dialect.sqlToQuery !== 'function') return null;
    debug(`embedded: using the project's drizzle-orm ${version} (${dir})`);
    return { version, readMigrationFiles, migrate, dialect };
  } catch (error) {
    debug(`embedded: project drizzle-orm 1.x not loadable from ${root}: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}
