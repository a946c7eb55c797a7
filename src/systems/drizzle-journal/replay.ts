import type { EmbeddedPg } from '../../embedded/host/worker-host.js';
import type { Target } from '../../config/targets.js';
import type { PreparedReplay, ReplayRequest } from '../migration-system.js';
import type { CatalogModel } from '../../db/catalog-model.js';
import type { DbFinding } from '../../db/db-finding.js';
import type { ReplayOutcome } from '../../embedded/replay-outcome.js';
import { expectedFromSnapshot } from './expected-from-snapshot.js';
import { introspect } from '../../db/introspect.js';
import { debug } from '../../debug.js';
import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import { snapshotWalker } from './snapshot-walker.js';
import { applyMigrations } from '../../embedded/apply-migrations.js';
import { readMigrationMetas, type MigrationMeta } from '../../embedded/migration-meta.js';
import { loadProjectDrizzle, type ProjectDrizzle } from './project-drizzle.js';
import { historyFindings } from '../../embedded/replay-messages.js';
import { deployTracer } from '../../embedded/trace-deploy.js';
import { replayHistory, type CompareStep, type RunMigrator } from '../../embedded/replay-history.js';
import { objectsBeforeReplay, StepComparer } from '../../embedded/step-compare.js';
import { MeanwhileQueue } from '../../embedded/meanwhile-queue.js';
import { pgliteSqlClient } from '../../embedded/pglite-sql-client.js';
import { printExpectedOnServer } from '../../embedded/print-expressions.js';
import { findFromMigration, startFrom } from './start-from.js';
import { focusSnapshot, focusTables, othersInFocus, reachesUnnamed, schemasOf, snapshotOtherNames, snapshotOthers, snapshotTables } from '../../embedded/focus.js';
import { restrictModel, type CatalogScope } from '../../db/catalog-scope.js';

export interface ReplayOptions {
  /** The project's drizzle-orm (null: built-in migrator). */
  drizzle: ProjectDrizzle | null;
  /** The folder on disk, when it is the work tree: then the project's own readMigrationFiles reads it. */
  outDir?: string;
  /** Compare each step with its snapshot (default true). */
  compare?: boolean;
  /** Start from the snapshot-equivalent state of this migration (tag or prefix) instead of an empty database. */
  from?: string;
  /** The project directory (its drizzle-kit builds the --from state). */
  root?: string;
  /** Schemas of the platform preamble (see ReplayContext). */
  platformSchemas?: string[];
  /** Migrations (tags) to trace as one deploy (see ReplayContext.trace). */
  traceFresh?: Set<string>;
  /** See ReplayContext.restored. */
  restored?: number;
}

/** The migration whose snapshot describes the schema after migration `index`: its own, else the nearest before it. */
function snapshotAtOrBefore(migrations: readonly Migration[], index: number): Migration | undefined {
  for (let i = index; i >= 0; i--) if (migrations[i]?.snapshot) return migrations[i];
  return undefined;
}

/** A trigger made by an earlier migration can run code (DDL included) when a new migration changes rows: a replay
 * on such a history is checked whole at the end (ReplayOutcome.scope). */
const TRIGGER = /\btrigger\b/i;

/** A snapshot's parts that the next step's focus is worked out from. */
interface Described {
  tables: Map<string, unknown>;
  others: unknown[];
  names: string[];
}

const describe = (snapshot: Record<string, unknown>): Described => ({ tables: snapshotTables(snapshot), others: snapshotOthers(snapshot), names: snapshotOtherNames(snapshot) });

/** What one step compares, built from the snapshots alone — so the next step's is built while the worker reads the
 * catalog for this one. `after`: its snapshot's parts, where the step after it starts from. */
interface Step {
  tag: string;
  expected: CatalogModel;
  focus: Set<string>;
  readOthers: boolean;
  after: Described;
}

/** Replays a folder on a fresh embedded Postgres with drizzle's migrator and, after each migration, compares the
 * catalog with THAT migration's snapshot (one introspection query per step). The whole history is replayed (see
 * replayHistory): every failing migration and every migration whose SQL does not produce its snapshot (missing
 * or extra objects) is reported, each under its own tag. */
export async function replayFolder(folder: MigrationFolder, pg: EmbeddedPg, opts: ReplayOptions): Promise<ReplayOutcome> {
  const t0 = performance.now();
  const metas: MigrationMeta[] = opts.drizzle && opts.outDir ? opts.drizzle.readMigrationFiles({ migrationsFolder: opts.outDir }) : await readMigrationMetas(folder);
  const migrations = folder.migrations;
  const divergent = new Map<number, DbFinding[]>();
  let compared = 0;
  const before = await objectsBeforeReplay(pgliteSqlClient(pg), folder.settings, opts.platformSchemas ?? []);
  let fromState: Described = describe({});
  let startedFrom: string | undefined;
  if (opts.from) {
    const from = findFromMigration(folder, opts.from);
    const fromSnapshot = await startFrom(pg, folder, metas, from, opts.root ?? opts.outDir ?? '.');
    fromState = describe(fromSnapshot);
    startedFrom = from.tag;
  }

  const readSnapshot = snapshotWalker(folder);
  const build = async (index: number, from: Described): Promise<Step | undefined> => {
    const migration = migrations[index];
    // a migration without its own snapshot (a custom one, or a lost file) should leave its predecessor's schema
    const own = migration && snapshotAtOrBefore(migrations, index);
    if (!migration || !own?.snapshot || own.snapshot.header.error) return undefined;
    const snapshot = await readSnapshot(own.snapshot.path);
    if (!snapshot) return undefined;
    const after = describe(snapshot);
    const sqlText = metas[index].sql.join('\n');
    const focus = focusTables(from.tables, after.tables, sqlText);
    const readOthers = othersInFocus(from.others, after.others, sqlText, [...from.names, ...after.names]);
    try {
      // only the focus tables are built and compared (enums, sequences, views and schemas stay whole)
      return { tag: migration.tag, focus, readOthers, after, expected: restrictModel(expectedFromSnapshot(focusSnapshot(snapshot, focus)), focus, readOthers) };
    } catch (error) {
      debug(`embedded: snapshot of ${migration.tag} not comparable: ${(error as Error).message}`);
      return undefined;
    }
  };

  /** The parts of the snapshot describing the state after migration `index` (a restored prefix's last one). */
  const describedAt = async (index: number): Promise<Described | undefined> => {
    const own = snapshotAtOrBefore(migrations, index)?.snapshot;
    const snapshot = own && !own.header.error ? await readSnapshot(own.path) : null;
    return snapshot ? describe(snapshot) : undefined;
  };

  const meanwhile = new MeanwhileQueue();
  /** What the compared steps looked at (see ReplayOutcome.scope). */
  let looked: CatalogScope = { tables: new Set(), others: false };
  const newCompare = (): CompareStep => {
    meanwhile.cancel();
    divergent.clear();
    compared = 0;
    looked = { tables: new Set(), others: false };
    const comparer = new StepComparer(before);
    let previous = fromState;
    let first = !opts.from;
    let ahead: { index: number; step: Promise<Step | undefined> } | undefined;
    if (first && opts.restored && opts.compare !== false) {
      // after a restored prefix the migrator starts at migration `restored`: its step is built while the migrator
      // reads its table and opens its transaction (the prefix's last snapshot is where it starts from)
      const index = opts.restored;
      const step = describedAt(index - 1).then((from) => build(index, from ?? fromState));
      step.catch(() => undefined);
      ahead = { index, step };
    }
    return async (index, client, silent) => {
      if (opts.compare === false) return;
      // the first step after a restored prefix (the replay cache) starts from the prefix's last snapshot: only what
      // this migration changes is in focus, as on a full replay
      if (first && index > 0 && ahead?.index !== index) previous = (await describedAt(index - 1)) ?? previous;
      first = false;
      const step = await (ahead?.index === index ? ahead.step : build(index, previous));
      ahead = undefined;
      if (!step) return;
      previous = step.after;
      for (const table of step.focus) looked.tables.add(table);
      looked.others ||= step.readOthers;
      const reading = introspect(client, schemasOf(step.expected), { tables: step.focus, others: step.readOthers });
      if (index + 1 < metas.length) {
        // built once the read above has gone to the worker (setImmediate: after the microtasks that send it)
        const next = new Promise((resolve) => setImmediate(resolve)).then(() => build(index + 1, step.after));
        next.catch(() => undefined); // awaited by the next step, unless that migration is not applied
        ahead = { index: index + 1, step: next };
      }
      const actual = await reading;
      compared++;
      await printExpectedOnServer(client, step.expected, actual);
      meanwhile.add(() => {
        const diffs = comparer.diffs(step.expected, actual, { expectedLabel: 'its snapshot', tag: step.tag });
        if (diffs.length && !silent) divergent.set(index, diffs);
      });
    };
  };

  const traced = deployTracer(metas.map((_, i) => migrations[i]?.tag), (i) => metas[i].sql, opts.traceFresh);
  const run: RunMigrator<MigrationMeta> = (some, afterMigration) =>
    applyMigrations(pg, some, opts.outDir ?? folder.label, { settings: folder.settings, drizzle: opts.drizzle, afterMigration, tracer: traced?.tracer });
  const history = await replayHistory(pg, metas, run, newCompare, { trace: traced });
  await meanwhile.settled();
  const findings = historyFindings(history, divergent, (i) => (migrations[i] ? { migration: migrations[i], meta: metas[i] } : undefined), folder);
  const ms = Math.round(performance.now() - t0);
  const scope = opts.restored && findings.length === 0 && compared === history.applied && !metas.some((m, i) => (i < opts.restored! ? TRIGGER.test(m.sql.join('')) : reachesUnnamed(m.sql.join('\n')))) ? looked : undefined;
  debug(`embedded: replayed ${history.applied}/${metas.length} migrations, compared ${compared} snapshots in ${ms}ms`);
  return { findings, total: metas.length, applied: history.applied, compared, via: history.via, ms, startedFrom, trace: traced?.tracer.result(), scope };
}

/** A 0.x folder's replay: the project's drizzle-orm 0.x migrator (or the built-in one), each step compared with its
 * snapshot; --from starts from a snapshot state. Skipped (a note) without a readable journal or with a missing SQL
 * file: drizzle's migrator would stop at the first one, and journal/missing-sql already names them all. */
export async function prepareJournalReplay(target: Target, folder: MigrationFolder, opts: ReplayRequest): Promise<PreparedReplay | { note: string }> {
  if (!folder.journal) return { note: 'embedded replay skipped (no readable journal)' };
  const missing = folder.migrations.filter((m) => !m.sqlExists);
  if (missing.length) {
    return { note: `embedded replay skipped: ${missing.length} journal entr${missing.length === 1 ? 'y has' : 'ies have'} no SQL file (${missing[0].tag}${missing.length > 1 ? ', …' : ''})` };
  }
  const drizzle = await loadProjectDrizzle(target.root);
  return {
    run: (pg, context) => replayFolder(folder, pg, { drizzle, outDir: opts.outDir, from: opts.from, root: target.root, platformSchemas: context?.platformSchemas, traceFresh: context?.trace?.fresh, restored: context?.restored }),
    comparedWith: 'snapshots',
    migrator: `drizzle-orm ${drizzle?.version ?? 'built-in 0.x'}`,
    notes: [],
  };
}
