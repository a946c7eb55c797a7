import type { EmbeddedPg, EmbeddedQueryable } from './host/worker-host.js';
import { debug } from '../debug.js';
import { quoteIdent, type SqlClient } from '../db/sql-client.js';
import type { FolderSettings } from '../folder/migration-folder.js';
import type { MigrationMeta } from './migration-meta.js';
import { pgliteSqlClient } from './pglite-sql-client.js';
import type { DeployTracer } from './trace-deploy.js';
import type { ProjectDrizzle } from '../systems/drizzle-journal/project-drizzle.js';

/** A statement of a migration that Postgres rejected. */
export interface StatementFailure {
  /** Index into the metas (journal order). */
  migration: number;
  /** Index of the `--> statement-breakpoint` chunk. */
  chunk: number;
  error: { message: string; code?: string; position?: number; detail?: string; hint?: string };
}

export interface ApplyOptions {
  settings: Pick<FolderSettings, 'table' | 'schema'>;
  /** The project's drizzle-orm (its PgDialect.migrate runs the show), or null for the built-in equivalent. */
  drizzle: ProjectDrizzle | null;
  /** Called after each applied migration, INSIDE the migrator's single transaction, with a client on it. */
  afterMigration?(index: number, client: SqlClient): Promise<void>;
  /** Reads the tables around each chunk of the migrations it wants, inside the migrator's transaction. */
  tracer?: DeployTracer;
}

export interface ApplyResult {
  /** Indices of the migrations applied, in order (on a fresh database: all of them). */
  applied: number[];
  failure?: StatementFailure;
  /** "drizzle-orm 0.45.1 (the project's)" or "built-in". */
  via: string;
}

/** Runs SQL the way drizzle's production drivers do: parameterless text through the simple protocol (so a chunk
 * holding several statements works, as with node-postgres and postgres.js), parameterised text as one statement. */
export interface StepClient {
  run(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  transaction<T>(fn: (tx: StepClient) => Promise<T>): Promise<T>;
}

function stepClient(db: EmbeddedPg | EmbeddedQueryable, root: EmbeddedPg): StepClient {
  return {
    async run(text, params = []) {
      if (params.length) return (await db.query<Record<string, unknown>>(text, params)).rows;
      const results = await db.exec(text);
      return (results.at(-1)?.rows ?? []) as Record<string, unknown>[];
    },
    transaction: (fn) => root.transaction((tx) => fn(stepClient(tx, root))),
  };
}


/** drizzle-orm 0.x PgDialect.migrate, for projects without a loadable drizzle-orm: same DDL, same watermark rule
 * (apply only `when` > newest created_at), same single transaction. */
async function builtinMigrate(metas: MigrationMeta[], client: StepClient, settings: ApplyOptions['settings']): Promise<void> {
  const table = `${quoteIdent(settings.schema)}.${quoteIdent(settings.table)}`;
  await client.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(settings.schema)}`);
  await client.run(`CREATE TABLE IF NOT EXISTS ${table} (\n\t\t\t\tid SERIAL PRIMARY KEY,\n\t\t\t\thash text NOT NULL,\n\t\t\t\tcreated_at bigint\n\t\t\t)`);
  const [last] = await client.run(`select id, hash, created_at from ${table} order by created_at desc limit 1`);
  await client.transaction(async (tx) => {
    for (const m of metas) {
      if (last && !(Number(last.created_at) < m.folderMillis)) continue;
      for (const stmt of m.sql) await tx.run(stmt);
      await tx.run(`insert into ${table} ("hash", "created_at") values($1, $2)`, [m.hash, m.folderMillis]);
    }
  });
}

/** drizzle's session interface as PgDialect.migrate uses it (execute, all, transaction) over a StepClient. */
function drizzleSession(client: StepClient, drizzle: ProjectDrizzle): unknown {
  const run = (query: unknown) => {
    const { sql, params } = drizzle.dialect.sqlToQuery(query);
    return client.run(sql, params);
  };
  return { execute: run, all: run, transaction: (fn: (tx: unknown) => Promise<unknown>) => client.transaction((tx) => fn(drizzleSession(tx, drizzle))) };
}

async function newestCreatedAt(pg: EmbeddedPg, settings: ApplyOptions['settings']): Promise<number | undefined> {
  const exists = await pg.query<{ t: string | null }>(`select to_regclass($1) as t`, [`${quoteIdent(settings.schema)}.${quoteIdent(settings.table)}`]);
  if (!exists.rows[0]?.t) return undefined;
  const { rows } = await pg.query<{ created_at: unknown }>(`select created_at from ${quoteIdent(settings.schema)}.${quoteIdent(settings.table)} order by created_at desc limit 1`);
  return rows.length ? Number(rows[0].created_at) : undefined;
}

/** Applies migrations to an embedded Postgres with drizzle's migrator, watching every statement: which migration
 * and chunk is running (to name a failing one) and when a migration's tracking row is written (to compare the
 * catalog with that migration's snapshot right there, inside the same transaction). */
export async function applyMigrations(pg: EmbeddedPg, metas: MigrationMeta[], migrationsFolder: string, opts: ApplyOptions): Promise<ApplyResult> {
  return applyWatched(pg, metas.length, opts, {
    via: opts.drizzle ? `drizzle-orm ${opts.drizzle.version} (the project's migrator)` : 'built-in migrator (drizzle-orm 0.x semantics)',
    async pending() {
      const last = await newestCreatedAt(pg, opts.settings);
      return metas.map((m, i) => ({ m, i })).filter(({ m }) => last === undefined || last < m.folderMillis).map(({ i }) => i);
    },
    run: (client) =>
      opts.drizzle
        ? opts.drizzle.dialect.migrate(metas, drizzleSession(client, opts.drizzle), { migrationsFolder, migrationsTable: opts.settings.table, migrationsSchema: opts.settings.schema })
        : builtinMigrate(metas, client, opts.settings),
  });
}

/** One generation of drizzle's migrator as the watched applier drives it (0.x here, 1.0 in apply-migrations-v1). */
export interface WatchedMigrator {
  via: string;
  /** Indices of the migrations it will apply on this database, in the order it applies them. */
  pending(): Promise<number[]>;
  /** Runs the migrator over `client`: its transaction's parameterised statements are the tracking-table inserts. */
  run(client: StepClient): Promise<unknown>;
}

const preparedBySession = new WeakMap<EmbeddedPg, Map<string, string>>();

/** The watching shared by both generations: counts chunks, names a failing statement, calls afterMigration when a
 * migration's tracking row is written. */
export async function applyWatched(pg: EmbeddedPg, total: number, opts: Pick<ApplyOptions, 'afterMigration' | 'tracer'>, migrator: WatchedMigrator): Promise<ApplyResult> {
  const pending = await migrator.pending();
  opts.tracer?.begin();
  const applied: number[] = [];
  // the per-step catalog statement, prepared once per session with a generic plan (see pglite-sql-client); a
  // prepared statement outlives the transaction (and the migrator run) it was made in
  let prepared = preparedBySession.get(pg);
  if (!prepared) preparedBySession.set(pg, (prepared = new Map<string, string>()));
  if (opts.afterMigration) await pg.exec('SET plan_cache_mode = force_generic_plan');
  let failure: StatementFailure | undefined;
  let at = 0;
  let chunk = 0;
  // Inside the migrator's transaction the only parameterised statement is the tracking-table insert; everything
  // else is a migration chunk, in order.
  const watch = (inner: StepClient, inTx: boolean): StepClient => ({
    async run(text, params = []) {
      // No turn of the event loop before a statement: Postgres runs in a worker, each answer is a message (Ctrl-C is
      // handled between them), and work queued for `setImmediate` (MeanwhileQueue) runs while the worker executes.
      if (!inTx) return inner.run(text, params);
      const { tracer } = opts;
      if (params.length) {
        tracer?.forget();
        const rows = await inner.run(text, params);
        const index = pending[at];
        applied.push(index);
        at++;
        chunk = 0;
        if (opts.afterMigration) await opts.afterMigration(index, pgliteSqlClient(txOf(inner), { prepared }));
        return rows;
      }
      try {
        const index = pending[at];
        if (tracer?.wants(index)) return await tracer.around(txOf(inner), index, chunk, () => inner.run(text));
        tracer?.untraced();
        return await inner.run(text);
      } catch (error) {
        tracer?.forget();
        const e = error as Record<string, unknown>;
        failure = {
          migration: pending[at],
          chunk,
          error: {
            message: String(e?.message ?? error),
            code: typeof e?.code === 'string' ? e.code : undefined,
            position: e?.position ? Number(e.position) : undefined,
            detail: typeof e?.detail === 'string' ? e.detail : undefined,
            hint: typeof e?.hint === 'string' ? e.hint : undefined,
          },
        };
        throw error;
      } finally {
        chunk++;
      }
    },
    transaction: (fn) => inner.transaction((tx) => fn(watch(tx, true))),
  });
  const handles = new WeakMap<StepClient, EmbeddedPg | EmbeddedQueryable>();
  const txOf = (c: StepClient) => handles.get(c) ?? pg;
  const base = (db: EmbeddedPg | EmbeddedQueryable): StepClient => {
    const c = stepClient(db, pg);
    c.transaction = (fn) => pg.transaction((tx) => fn(base(tx)));
    handles.set(c, db);
    return c;
  };
  const client = watch(base(pg), false);
  const { via } = migrator;
  const t0 = performance.now();
  try {
    await migrator.run(client);
  } catch (error) {
    if (!failure) throw error;
  } finally {
    debug(`embedded: applied ${applied.length}/${total} migrations via ${via} in ${(performance.now() - t0).toFixed(0)}ms`);
  }
  return { applied, failure, via };
}
