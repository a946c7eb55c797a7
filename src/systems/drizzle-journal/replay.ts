import type { PGlite } from '@electric-sql/pglite';
import type { Target } from '../../config/targets.js';
import type { PreparedReplay, ReplayRequest } from '../migration-system.js';
import type { ReplayOutcome } from '../../embedded/replay-outcome.js';
import { expectedFromSnapshot } from './expected-from-snapshot.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { readSnapshotJson } from '../../folder/read-files.js';
import { applyMigrations } from '../../embedded/apply-migrations.js';
import { readMigrationMetas, type MigrationMeta } from '../../embedded/migration-meta.js';
import { loadProjectDrizzle, type ProjectDrizzle } from './project-drizzle.js';
import { findFromMigration, startFrom } from './start-from.js';
import { focusSnapshot, focusTables, restrictModel, snapshotTables } from '../../embedded/focus.js';
import { replayLoop } from '../../embedded/replay-loop.js';

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

/** Replays a 0.x folder with drizzle's migrator, comparing the catalog after each migration with THAT migration's
 * snapshot (only the tables the step touches). */
export async function replayFolder(folder: MigrationFolder, pg: PGlite, opts: ReplayOptions): Promise<ReplayOutcome> {
  const metas: MigrationMeta[] = opts.drizzle && opts.outDir ? opts.drizzle.readMigrationFiles({ migrationsFolder: opts.outDir }) : await readMigrationMetas(folder);
  let previousTables = new Map<string, string>();
  let startedFrom: string | undefined;
  if (opts.from) {
    const from = findFromMigration(folder, opts.from);
    previousTables = snapshotTables(await startFrom(pg, folder, metas, from, opts.root ?? opts.outDir ?? '.'));
    startedFrom = from.tag;
  }
  const outcome = await replayLoop({
    folder,
    metas,
    migrationAt: (index) => folder.migrations[index],
    expectedLabel: 'its snapshot',
    async expectedAt(index, migration) {
      if (opts.compare === false || !migration.snapshot || migration.snapshot.header.error) return null;
      const snapshot = await readSnapshotJson(folder, migration.snapshot.path);
      if (!snapshot) return null;
      const tables = snapshotTables(snapshot);
      const focus = focusTables(previousTables, tables, metas[index].sql.join('\n'));
      previousTables = tables;
      return { focus, expected: () => restrictModel(expectedFromSnapshot(focusSnapshot(snapshot, focus)), focus) };
    },
    apply: (afterMigration) => applyMigrations(pg, metas, opts.outDir ?? folder.label, { settings: folder.settings, drizzle: opts.drizzle, afterMigration }),
  });
  return { ...outcome, startedFrom };
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
  return { run: (pg) => replayFolder(folder, pg, { drizzle, outDir: opts.outDir, from: opts.from, root: target.root }), comparedWith: 'snapshots', notes: [] };
}
