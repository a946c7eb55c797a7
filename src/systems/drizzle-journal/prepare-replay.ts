import type { Target } from '../../config/targets.js';
import { loadProjectDrizzle } from '../../embedded/project-drizzle.js';
import { replayFolder } from '../../embedded/replay.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import type { PreparedReplay, ReplayRequest } from '../migration-system.js';

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
    run: (pg, context) => replayFolder(folder, pg, { drizzle, outDir: opts.outDir, from: opts.from, root: target.root, platformSchemas: context?.platformSchemas }),
    comparedWith: 'snapshots',
    migrator: `drizzle-orm ${drizzle?.version ?? 'built-in 0.x'}`,
    notes: [],
  };
}
