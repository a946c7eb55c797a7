import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { debug } from '../debug.js';
import type { MigrationMeta } from './migration-meta.js';

/** What the replay uses from the project's own drizzle-orm: the reader and PgDialect.migrate — exactly what
 * `drizzle-orm/<driver>/migrator` calls (`db.dialect.migrate(readMigrationFiles(config), db.session, config)`). */
export interface ProjectDrizzle {
  version: string;
  readMigrationFiles(config: { migrationsFolder: string }): MigrationMeta[];
  dialect: {
    migrate(migrations: MigrationMeta[], session: unknown, config: { migrationsFolder: string; migrationsTable?: string; migrationsSchema?: string }): Promise<void>;
    sqlToQuery(sql: unknown): { sql: string; params: unknown[] };
  };
}

const cache = new Map<string, Promise<ProjectDrizzle | null>>();

/** drizzle-orm as the project at `root` resolves it, or null (not installed, or a version without the 0.x
 * `PgDialect.migrate(migrations, session, config)`). */
export function loadProjectDrizzle(root: string): Promise<ProjectDrizzle | null> {
  let found = cache.get(root);
  if (!found) {
    found = load(root);
    cache.set(root, found);
  }
  return found;
}

async function load(root: string): Promise<ProjectDrizzle | null> {
  try {
    const require = createRequire(join(root, 'package.json'));
    const migratorPath = require.resolve('drizzle-orm/migrator');
    const pgCorePath = require.resolve('drizzle-orm/pg-core');
    let dir = dirname(migratorPath);
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    const version = String(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version ?? '?');
    // drizzle-orm 1.0 changed the folder layout and the migrate signature; its replay goes through the built-in applier.
    if (!/^0\./.test(version)) return null;
    const [migrator, pgCore] = await Promise.all([import(pathToFileURL(migratorPath).href), import(pathToFileURL(pgCorePath).href)]);
    const readMigrationFiles = migrator.readMigrationFiles ?? migrator.default?.readMigrationFiles;
    const PgDialect = pgCore.PgDialect ?? pgCore.default?.PgDialect;
    if (typeof readMigrationFiles !== 'function' || typeof PgDialect !== 'function') return null;
    const dialect = new PgDialect();
    if (typeof dialect.migrate !== 'function' || typeof dialect.sqlToQuery !== 'function') return null;
    debug(`embedded: using the project's drizzle-orm ${version} (${dir})`);
    return { version, readMigrationFiles, dialect };
  } catch (error) {
    debug(`embedded: project drizzle-orm not loadable from ${root}: ${(error as Error).message.split('\n')[0]}`);
    return null;
  }
}
