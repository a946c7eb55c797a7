import type { EmbeddedPg } from './host/worker-host.js';
import type { SqlClient } from '../db/sql-client.js';
import { debug } from '../debug.js';
import type { ApplyResult, StatementFailure } from './apply-migrations.js';
import { markDatabase, resetToMark, type DatabaseMark } from './reset-database.js';
import type { DeployTracing } from './trace-deploy.js';

/** Runs drizzle's migrator (either generation) over `metas` on the database as it is; `afterMigration` is called
 * inside its transaction after each migration's tracking row. */
export type RunMigrator<M> = (metas: M[], afterMigration: (index: number, client: SqlClient) => Promise<void>) => Promise<ApplyResult>;

/** Compares the catalog after migration `index` with what it should be. `silent`: the migration failed and is
 * already reported — its differences are recorded (so later steps do not repeat them) but not reported. */
export type CompareStep = (index: number, client: SqlClient, silent: boolean) => Promise<void>;

export interface HistoryOutcome {
  /** The failure of the single-transaction run (how drizzle migrates a fresh database), if any. */
  together?: StatementFailure;
  /** Migrations that failed even on their own (the one-at-a-time run), with their first failing statement. */
  alone: StatementFailure[];
  /** Migrations applied by the run that counted (all of the single run, or the one-at-a-time run). */
  applied: number;
  via: string;
}

/** Replays the whole history, never stopping at the first problem. First as drizzle migrates a fresh database
 * (a new developer, CI): every pending migration in ONE transaction. When that fails, the database is put back
 * as it was (the migrator rolls back; what a migration's own COMMIT kept is dropped) and the history is applied again one migration at a time, each a separate
 * migrator run as the deploys were; a migration that fails even then is applied without its failing statements
 * (each probed under a savepoint), so the replay reaches the last migration and every later step is still
 * compared. `newCompare` is called once per run: its state (previous snapshot, what was reported) restarts. */
export async function replayHistory<M extends { sql: string[] }>(pg: EmbeddedPg, metas: M[], run: RunMigrator<M>, newCompare: () => CompareStep, opts: { trace?: DeployTracing } = {}): Promise<HistoryOutcome> {
  const mark = await markDatabase(pg);
  const compare = newCompare();
  const first = await run(metas, (index, client) => compare(index, client, false));
  if (!first.failure) {
    if (opts.trace && !opts.trace.tracer.traced()) await traceDeploy(pg, mark, metas, run, opts.trace, first.applied.length);
    return { alone: [], applied: first.applied.length, via: first.via };
  }
  // a statement ran past the time limit: the embedded Postgres was stopped, there is nothing to continue on
  if (pg.closed) return { together: first.failure, alone: [], applied: first.applied.length, via: first.via };

  debug(`embedded: the single-transaction run failed at migration ${first.failure.migration}; replaying one migration at a time`);
  await resetToMark(pg, mark);
  const stepCompare = newCompare();
  const alone: StatementFailure[] = [];
  const failed = new Set<number>();
  const after = (index: number, client: SqlClient) => stepCompare(index, client, failed.has(index));
  const applied = new Set<number>();
  let via = first.via;
  for (let k = 0; k < metas.length; k++) {
    const upTo = metas.slice(0, k + 1);
    const result = await run(upTo, after);
    via = result.via;
    for (const i of result.applied) applied.add(i);
    if (!result.failure) continue;
    const at = result.failure.migration;
    if (!failed.has(at)) alone.push(result.failure);
    failed.add(at);
    if (pg.closed) break; // stopped at the time limit (see above)
    const without = (sql: string[]) => run([...upTo.slice(0, at), { ...metas[at], sql }, ...upTo.slice(at + 1)], after);
    let salvaged = await without(await chunksThatRun(pg, metas[at].sql));
    if (salvaged.failure) {
      // what succeeded alone fails together (one chunk depends on a failed one): record the migration as applied
      debug(`embedded: migration ${at} still fails without its failing statements: ${salvaged.failure.error.message}`);
      salvaged = await without([]);
    }
    for (const i of salvaged.applied) applied.add(i);
  }
  return { together: first.failure, alone, applied: applied.size, via };
}

/** The lock trace of the new migrations, when the run that compared them could not record it (the history ran in
 * the same transaction, so every table it created was already locked): the database is put back, the history
 * applied in one migrator run and the new migrations in a second — as production deploys them, in a transaction of
 * their own — and the state is the same as before (every migration applied). Nothing is compared again. */
async function traceDeploy<M>(pg: EmbeddedPg, mark: DatabaseMark, metas: M[], run: RunMigrator<M>, trace: DeployTracing, applied: number): Promise<void> {
  const t0 = performance.now();
  const skip = async () => undefined;
  await resetToMark(pg, mark);
  const history = await run(metas.slice(0, trace.deployFrom), skip);
  const deploy = history.failure ? history : await run(metas, skip);
  // Two runs must end where the one run did. They may not: a migration that fails only in two transactions, or one
  // whose journal `when` is older than the history's newest, which drizzle 0.x's second run skips (journal/when-order
  // says so). Then the state the compare saw is rebuilt, and there is no trace.
  const incomplete = deploy.failure || (history.failure ? 0 : history.applied.length) + deploy.applied.length !== applied;
  if (incomplete && !pg.closed) {
    debug(`embedded: the deploy applied in two runs does not end as the single run did${deploy.failure ? ` (failed at migration ${deploy.failure.migration}: ${deploy.failure.error.message})` : ''}; lock trace dropped`);
    trace.tracer.clear();
    await resetToMark(pg, mark);
    await run(metas, skip);
  }
  debug(`embedded: traced the deploy of ${metas.length - trace.deployFrom} migrations in ${(performance.now() - t0).toFixed(0)}ms`);
}

/** The chunks of a migration that succeed in order on the database as it is, each tried under a savepoint inside
 * a transaction that is then rolled back: the failing ones are left out of the salvage run. */
async function chunksThatRun(pg: EmbeddedPg, chunks: string[]): Promise<string[]> {
  const kept: string[] = [];
  const rollback = new Error('probe done');
  try {
    await pg.transaction(async (tx) => {
      for (const chunk of chunks) {
        await tx.exec('SAVEPOINT driftgate_probe');
        try {
          await tx.exec(chunk);
          await tx.exec('RELEASE SAVEPOINT driftgate_probe');
          kept.push(chunk);
        } catch {
          await tx.exec('ROLLBACK TO SAVEPOINT driftgate_probe');
        }
      }
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return kept;
}
