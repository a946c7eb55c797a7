import type { EmbeddedPg } from '../../embedded/host/worker-host.js';
import type { Target } from '../../config/targets.js';
import type { PreparedReplay, ReplayRequest } from '../migration-system.js';
import type { DbFinding } from '../../db/db-finding.js';
import { introspect } from '../../db/introspect.js';
import { debug } from '../../debug.js';
import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import { applyMigrationsV1 } from './apply-migrations.js';
import { schemasOf } from '../../embedded/focus.js';
import { readV1MigrationMetas, type V1MigrationMeta } from './migration-meta.js';
import type { ProjectDrizzleV1 } from './project-drizzle.js';
import type { ReplayOutcome } from '../../embedded/replay-outcome.js';
import { historyFindings } from '../../embedded/replay-messages.js';
import { deployTracer } from '../../embedded/trace-deploy.js';
import { replayHistory, type CompareStep, type RunMigrator } from '../../embedded/replay-history.js';
import { objectsBeforeReplay, StepComparer } from '../../embedded/step-compare.js';
import { MeanwhileQueue } from '../../embedded/meanwhile-queue.js';
import { pgliteSqlClient } from '../../embedded/pglite-sql-client.js';
import { v1Steps, type V1Step } from './replay-steps.js';

export interface ReplayV1Options {
  /** The project's drizzle-orm 1.x (null: built-in migrator). */
  drizzle: ProjectDrizzleV1 | null;
  /** The folder on disk, when it is the work tree: then the project's own readMigrationFiles reads it. */
  outDir?: string;
  /** Compare each step with its reconstructed state (default true). */
  compare?: boolean;
  /** Schemas of the platform preamble (see ReplayContext). */
  platformSchemas?: string[];
  /** Migrations (folder names) to trace as one deploy (see ReplayContext.trace). */
  traceFresh?: Set<string>;
}

/** The migrations as the migrator gets them: the project's reader when it reads this very folder (and lists the
 * same folders), else drizzle-orm 1.0's reader copied over the folder's FileSource. */
export async function readV1Metas(folder: MigrationFolder, opts: Pick<ReplayV1Options, 'drizzle' | 'outDir'>): Promise<V1MigrationMeta[]> {
  const own = await readV1MigrationMetas(folder);
  if (!opts.drizzle || !opts.outDir) return own;
  let theirs: V1MigrationMeta[];
  try {
    theirs = opts.drizzle.readMigrationFiles({ migrationsFolder: opts.outDir });
  } catch (error) {
    debug(`embedded: drizzle-orm's readMigrationFiles failed (${(error as Error).message.split('\n')[0]}); replaying the folder as read`);
    return own;
  }
  if (theirs.map((m) => m.name).join('\n') === own.map((m) => m.name).join('\n')) return theirs;
  debug(`embedded: drizzle-orm's readMigrationFiles lists other folders than ${folder.label}; replaying the folder as read`);
  return own;
}

/** The 1.0 counterpart of replayFolder: applies a drizzle-kit 1.0 folder on a fresh embedded Postgres with
 * drizzle-orm 1.0's migrator (name order, one transaction, the 1.0 tracking table) and, after each migration,
 * compares the catalog with the state its snapshots reconstruct (base snapshot + deltas up to it, v1State) —
 * with the same introspection, comparison, rule ids and messages as the 0.x replay. `metas` must come from
 * readV1Metas (one per folder with a migration.sql). */
export async function replayV1Folder(folder: MigrationFolder, pg: EmbeddedPg, metas: V1MigrationMeta[], opts: ReplayV1Options): Promise<ReplayOutcome> {
  const t0 = performance.now();
  const byName = new Map<string, Migration>(folder.migrations.map((m) => [m.tag, m]));
  const sqlByName = new Map(metas.map((m) => [m.name, m.sql.join('\n')]));
  const steps: Map<string, V1Step> = opts.compare === false ? new Map() : await v1Steps(folder, (m) => sqlByName.get(m.tag) ?? '');
  const divergent = new Map<number, DbFinding[]>();
  let compared = 0;
  const before = await objectsBeforeReplay(pgliteSqlClient(pg), folder.settings, opts.platformSchemas ?? []);

  const meanwhile = new MeanwhileQueue();
  const newCompare = (): CompareStep => {
    meanwhile.cancel();
    divergent.clear();
    compared = 0;
    const comparer = new StepComparer(before);
    return async (index, client, silent) => {
      const migration = byName.get(metas[index].name);
      const step = migration && steps.get(migration.tag);
      if (!migration || !step) return;
      let expected;
      try {
        expected = step.expected();
      } catch (error) {
        debug(`embedded: reconstructed state of ${migration.tag} not comparable: ${(error as Error).message}`);
        return;
      }
      const actual = await introspect(client, schemasOf(expected), { tables: step.focus });
      compared++;
      meanwhile.add(() => {
        const diffs = comparer.diffs(expected, actual, { expectedLabel: 'its reconstructed snapshot', tag: migration.tag });
        if (diffs.length && !silent) divergent.set(index, diffs);
      });
    };
  };

  const traced = deployTracer(metas.map((m) => (byName.has(m.name) ? m.name : undefined)), (i) => metas[i].sql, opts.traceFresh);
  const run: RunMigrator<V1MigrationMeta> = (some, afterMigration) =>
    applyMigrationsV1(pg, some, opts.outDir ?? folder.label, { settings: folder.settings, drizzle: opts.drizzle, afterMigration, tracer: traced?.tracer });
  const history = await replayHistory(pg, metas, run, newCompare, { trace: traced });
  await meanwhile.settled();
  const at = (i: number) => {
    const migration = byName.get(metas[i].name);
    return migration ? { migration, meta: metas[i] } : undefined;
  };
  const findings = historyFindings(history, divergent, at, folder);
  const ms = Math.round(performance.now() - t0);
  debug(`embedded: replayed ${history.applied}/${metas.length} 1.0 migrations, compared ${compared} reconstructed states in ${ms}ms`);
  return { findings, total: metas.length, applied: history.applied, compared, via: history.via, ms, trace: traced?.tracer.result() };
}

/** A 1.0 folder's replay: drizzle-orm 1.0's migrator, each step compared with the state its snapshots reconstruct;
 * --from is not supported (the folder is replayed from the start, and a note says so). It cannot run (a note; the
 * static rules name the cause) on a folder without migration.sql (drizzle-orm 1.0 skips it, so its snapshot's
 * changes would be missing from every later step), or a folder name that is not a time (drizzle-orm 1.0's insert
 * of NaN fails). */
export async function prepareFoldersReplay(target: Target, folder: MigrationFolder, opts: ReplayRequest): Promise<PreparedReplay | { note: string }> {
  const missing = folder.migrations.filter((m) => !m.sqlExists);
  if (missing.length) {
    return { note: `embedded replay skipped: ${missing.length} folder${missing.length === 1 ? ' has' : 's have'} no migration.sql (${missing[0].tag}${missing.length > 1 ? ', …' : ''}; see journal/missing-sql)` };
  }
  const { loadProjectDrizzleV1 } = await import('./project-drizzle.js');
  const drizzle = await loadProjectDrizzleV1(target.root);
  const metas = await readV1Metas(folder, { drizzle, outDir: opts.outDir });
  const unnamed = metas.find((m) => !Number.isFinite(m.folderMillis));
  if (unnamed) return { note: `embedded replay skipped: ${unnamed.name}/ does not start with a <YYYYMMDDHHmmss> time, and drizzle-orm 1.0's migrate fails on it (see folder/name)` };
  return {
    run: (pg, context) => replayV1Folder(folder, pg, metas, { drizzle, outDir: opts.outDir, platformSchemas: context?.platformSchemas, traceFresh: context?.trace?.fresh }),
    comparedWith: 'reconstructed snapshots',
    migrator: `drizzle-orm ${drizzle?.version ?? 'built-in 1.0'}`,
    notes: opts.from ? [`--from applies to drizzle-kit 0.x folders; this 1.0 folder was replayed from the start`] : [],
  };
}
