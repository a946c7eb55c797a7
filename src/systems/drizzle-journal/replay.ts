import type { PGlite } from '@electric-sql/pglite';
import { compareSchema } from '../../db/compare-schema.js';
import type { CatalogModel } from '../../db/catalog-model.js';
import type { DbFinding } from '../../db/db-finding.js';
import type { ReplayOutcome } from '../../embedded/replay-outcome.js';
import { expectedFromSnapshot } from './expected-from-snapshot.js';
import { introspect } from '../../db/introspect.js';
import type { SqlClient } from '../../db/sql-client.js';
import { debug } from '../../debug.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { readSnapshotJson } from '../../folder/read-files.js';
import { applyMigrations } from '../../embedded/apply-migrations.js';
import { readMigrationMetas, type MigrationMeta } from '../../embedded/migration-meta.js';
import type { ProjectDrizzle } from './project-drizzle.js';
import { divergesFinding, failedFinding } from '../../embedded/replay-messages.js';
import { findFromMigration, startFrom } from './start-from.js';
import { focusedClient, focusSnapshot, focusTables, restrictModel, snapshotTables } from '../../embedded/focus.js';

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
}

/** Schemas to introspect for a snapshot: the ones it names plus those its objects live in. */
export function schemasOf(model: CatalogModel): Set<string> {
  const out = new Set<string>(['public', ...model.schemas]);
  for (const m of [model.tables, model.enums, model.sequences, model.views]) for (const o of m.values()) out.add(o.schema);
  return out;
}

/** Replays a folder on a fresh embedded Postgres with drizzle's migrator and, after each migration, compares the
 * catalog with THAT migration's snapshot (one introspection query per step). Reports the first migration whose SQL
 * does not produce its snapshot, and a statement that fails. */
export async function replayFolder(folder: MigrationFolder, pg: PGlite, opts: ReplayOptions): Promise<ReplayOutcome> {
  const t0 = performance.now();
  const metas: MigrationMeta[] = opts.drizzle && opts.outDir ? opts.drizzle.readMigrationFiles({ migrationsFolder: opts.outDir }) : await readMigrationMetas(folder);
  const migrations = folder.migrations;
  const findings: DbFinding[] = [];
  let diverged = false;
  let compared = 0;
  let previousTables = new Map<string, string>();
  let startedFrom: string | undefined;
  if (opts.from) {
    const from = findFromMigration(folder, opts.from);
    previousTables = snapshotTables(await startFrom(pg, folder, metas, from, opts.root ?? opts.outDir ?? '.'));
    startedFrom = from.tag;
  }

  const afterMigration = async (index: number, client: SqlClient) => {
    if (diverged || opts.compare === false) return;
    const migration = migrations[index];
    if (!migration?.snapshot || migration.snapshot.header.error) return;
    const snapshot = await readSnapshotJson(folder, migration.snapshot.path);
    if (!snapshot) return;
    const tables = snapshotTables(snapshot);
    const focus = focusTables(previousTables, tables, metas[index].sql.join('\n'));
    previousTables = tables;
    let expected: CatalogModel;
    try {
      // only the focus tables are built and compared (enums, sequences, views and schemas stay whole)
      expected = restrictModel(expectedFromSnapshot(focusSnapshot(snapshot, focus)), focus);
    } catch (error) {
      debug(`embedded: snapshot of ${migration.tag} not comparable: ${(error as Error).message}`);
      return;
    }
    const actual = await introspect(focusedClient(client, focus), schemasOf(expected));
    compared++;
    const diffs = compareSchema(expected, actual, { expectedLabel: 'its snapshot', tag: migration.tag });
    if (diffs.length) {
      diverged = true;
      findings.push(divergesFinding(folder, migration, diffs, migrations.length - index - 1));
    }
  };

  const result = await applyMigrations(pg, metas, opts.outDir ?? folder.label, { settings: folder.settings, drizzle: opts.drizzle, afterMigration });
  if (result.failure) {
    const migration = migrations[result.failure.migration];
    const meta = metas[result.failure.migration];
    findings.push(failedFinding(folder, migration, meta, result.failure, migrations.length - result.failure.migration - 1));
  }
  const ms = Math.round(performance.now() - t0);
  debug(`embedded: replayed ${result.applied.length}/${metas.length} migrations, compared ${compared} snapshots in ${ms}ms`);
  return { findings, total: metas.length, applied: result.applied.length, compared, via: result.via, ms, startedFrom };
}
