import { debug } from '../../debug.js';
import type { MigrationMeta } from '../../embedded/migration-meta.js';
import { projectDrizzleOrm } from '../../embedded/project-drizzle-orm.js';

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

/** drizzle-orm as the project at `root` resolves it, or null (not installed, or a version without the 0.x
 * `PgDialect.migrate(migrations, session, config)`). */
export async function loadProjectDrizzle(root: string): Promise<ProjectDrizzle | null> {
  const orm = await projectDrizzleOrm(root);
  // drizzle-orm 1.0 changed the folder layout and the migrate signature: project-drizzle-v1.ts drives it.
  if (!orm || !/^0\./.test(orm.version)) return null;
  const { readMigrationFiles } = orm.migrator;
  const { PgDialect } = orm.pgCore;
  if (typeof readMigrationFiles !== 'function' || typeof PgDialect !== 'function') return null;
  const dialect = new PgDialect();
  if (typeof dialect.migrate !== 'function' || typeof dialect.sqlToQuery !== 'function') return null;
  debug(`embedded: using the project's drizzle-orm ${orm.version} (${orm.dir})`);
  return { version: orm.version, readMigrationFiles, dialect };
}
