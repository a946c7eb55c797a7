import type { EmbeddedPg } from '../../embedded/host/worker-host.js';
import { applyWatched, type ApplyOptions, type ApplyResult, type StepClient } from '../../embedded/apply-migrations.js';
import type { V1MigrationMeta } from './migration-meta.js';
import type { ProjectDrizzleV1 } from './project-drizzle.js';
import { quoteIdent } from '../../db/sql-client.js';

export interface ApplyV1Options extends Omit<ApplyOptions, 'drizzle'> {
  /** The project's drizzle-orm 1.x (its pg-core `migrate` runs the show), or null for the built-in equivalent. */
  drizzle: ProjectDrizzleV1 | null;
}


/** drizzle-orm 1.0's tracking table, as its migrate creates it on a new database. */
const createTable = (table: string) => `
			CREATE TABLE IF NOT EXISTS ${table} (
				id SERIAL PRIMARY KEY,
				hash text NOT NULL,
				created_at bigint,
				name text,
				applied_at timestamp with time zone DEFAULT now()
			)
		`;

/** Names recorded in the tracking table (none when it does not exist, or has no name column yet). */
async function recordedNames(pg: EmbeddedPg, settings: ApplyOptions['settings']): Promise<Set<string>> {
  const { rows } = await pg.query<{ c: string }>(`select column_name as c from information_schema.columns where table_schema = $1 and table_name = $2`, [settings.schema, settings.table]);
  if (!rows.some((r) => r.c === 'name')) return new Set();
  const names = await pg.query<{ name: string | null }>(`select name from ${quoteIdent(settings.schema)}.${quoteIdent(settings.table)}`);
  return new Set(names.rows.flatMap((r) => (r.name === null ? [] : [r.name])));
}

/** drizzle-orm 1.0 `migrate` for projects without a loadable drizzle-orm 1.x: the same table, the same by-name rule
 * (every folder whose name is not recorded, in name order — no watermark), the same single transaction. It runs on
 * the replay's fresh database, so the 0.x-table upgrade (`upgradeIfNeeded`) is not needed and not copied. */
async function builtinMigrateV1(metas: V1MigrationMeta[], client: StepClient, settings: ApplyOptions['settings']): Promise<void> {
  const table = `${quoteIdent(settings.schema)}.${quoteIdent(settings.table)}`;
  await client.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(settings.schema)}`);
  await client.run(createTable(table));
  const recorded = new Set((await client.run(`select id, hash, created_at, name from ${table}`)).map((r) => r.name));
  await client.transaction(async (tx) => {
    for (const m of metas) {
      if (m.name && recorded.has(m.name)) continue;
      for (const stmt of m.sql) await tx.run(stmt);
      await tx.run(`insert into ${table} ("hash", "created_at", "name") values($1, $2, $3)`, [m.hash, m.folderMillis, m.name ?? null]);
    }
  });
}

/** drizzle-orm 1.0's database interface as its pg-core `migrate` (and `upgradeIfNeeded`) use it — execute,
 * session.objects, transaction — over a StepClient. */
function drizzleDb(client: StepClient, drizzle: ProjectDrizzleV1): unknown {
  const run = (query: unknown) => {
    const { sql, params } = drizzle.dialect.sqlToQuery(query);
    return client.run(sql, params);
  };
  return {
    execute: run,
    session: { objects: run, execute: run },
    transaction: (fn: (tx: unknown) => Promise<unknown>) => client.transaction((tx) => fn(drizzleDb(tx, drizzle))),
  };
}

/** Applies a drizzle-kit 1.0 folder to an embedded Postgres with drizzle-orm 1.0's migrator (the project's, else
 * the built-in copy), watched like the 0.x replay: a failing statement is named, each tracking-row insert calls
 * afterMigration inside the migrator's transaction. */
export function applyMigrationsV1(pg: EmbeddedPg, metas: V1MigrationMeta[], migrationsFolder: string, opts: ApplyV1Options): Promise<ApplyResult> {
  return applyWatched(pg, metas.length, opts, {
    via: opts.drizzle ? `drizzle-orm ${opts.drizzle.version} (the project's migrator)` : 'built-in migrator (drizzle-orm 1.0 semantics)',
    async pending() {
      const recorded = await recordedNames(pg, opts.settings);
      return metas.flatMap((m, i) => (m.name && recorded.has(m.name) ? [] : [i]));
    },
    run: (client) =>
      opts.drizzle
        ? opts.drizzle.migrate(metas, drizzleDb(client, opts.drizzle), { migrationsFolder, migrationsTable: opts.settings.table, migrationsSchema: opts.settings.schema })
        : builtinMigrateV1(metas, client, opts.settings),
  });
}
