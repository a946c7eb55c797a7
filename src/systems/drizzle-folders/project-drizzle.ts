import { debug } from '../../debug.js';
import type { V1MigrationMeta } from './migration-meta.js';
import { projectDrizzleOrm } from '../../embedded/project-drizzle-orm.js';

/** What the 1.0 replay uses from the project's own drizzle-orm 1.x: the reader and the pg-core `migrate` — what
 * `drizzle-orm/<driver>/migrator` calls (`migrate(readMigrationFiles(config), db, config)`) — plus PgDialect's
 * sqlToQuery to turn the migrator's `sql` objects into text for the embedded database. */
export interface ProjectDrizzleV1 {
  version: string;
  readMigrationFiles(config: { migrationsFolder: string }): V1MigrationMeta[];
  migrate(migrations: V1MigrationMeta[], db: unknown, config: { migrationsFolder: string; migrationsTable?: string; migrationsSchema?: string }): Promise<unknown>;
  dialect: { sqlToQuery(sql: unknown): { sql: string; params: unknown[] } };
}

/** drizzle-orm as the project at `root` resolves it when it is 1.x, else null (not installed, 0.x, or a build
 * without the pg-core `migrate(migrations, db, config)` this adapter drives). */
export async function loadProjectDrizzleV1(root: string): Promise<ProjectDrizzleV1 | null> {
  const orm = await projectDrizzleOrm(root);
  if (!orm || !/^1\./.test(orm.version)) return null;
  const { readMigrationFiles } = orm.migrator;
  const { migrate, PgDialect } = orm.pgCore;
  if (typeof readMigrationFiles !== 'function' || typeof migrate !== 'function' || typeof PgDialect !== 'function') return null;
  const dialect = new PgDialect();
  if (typeof dialect.sqlToQuery !== 'function') return null;
  debug(`embedded: using the project's drizzle-orm ${orm.version} (${orm.dir})`);
  return { version: orm.version, readMigrationFiles, migrate, dialect };
}
