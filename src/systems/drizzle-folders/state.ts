import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import { readSnapshotJson } from '../../folder/read-files.js';
import { DdlState, entityKey, type DdlRow } from './ddl.js';

/** One schema entity of a drizzle-kit 1.0 snapshot (`ddl` rows and `create` deltas share this shape). */
export interface V1Entity {
  entityType: string;
  name: string;
  schema?: string;
  table?: string;
  /** The migration whose snapshot introduced (or last renamed) it. */
  migration: Migration;
  /** The whole row as drizzle-kit stores it (type, default, columns, …). */
  row: DdlRow;
}

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => !!v && typeof v === 'object' && !Array.isArray(v);
const isDdlRow = (v: unknown): v is DdlRow => isRow(v) && typeof v.entityType === 'string' && typeof v.name === 'string';

export interface V1StateOptions {
  /** Replay only these migrations (e.g. the ones a database has applied); default: all. */
  include?: (migration: Migration) => boolean;
  /** Called after each migration whose snapshot was applied, with the state at that point (the embedded replay
   * compares each step with it). Rows are replaced, never mutated: an unchanged entity keeps its object. */
  onStep?: (migration: Migration, state: DdlState) => void;
}

/** The entities that exist after replaying a 1.0 folder's snapshots in apply order — all of them, or the ones
 * `include` selects. Format 9 keeps the full schema only in the first (`base`) snapshot and each later one holds
 * its migration's deltas (create / drop / alter / rename, keyed as drizzle-kit keys entities); format 8 keeps the
 * full `ddl` in every snapshot. Apply order is a topological order of the snapshot graph (children sort after their
 * parents), so a merge's second parent is already replayed when the merge is. Renames cascade like drizzle-kit's. */
export async function v1State(folder: MigrationFolder, opts: V1StateOptions = {}): Promise<V1Entity[]> {
  let state = new DdlState();
  /** Entity key → the migration that introduced or last renamed it. */
  let origin = new Map<string, Migration>();
  for (const migration of folder.migrations) {
    if (opts.include && !opts.include(migration)) continue;
    if (!migration.snapshot || migration.snapshot.header.error) continue;
    const snapshot = await readSnapshotJson(folder, migration.snapshot.path);
    if (!snapshot) continue;
    if (Array.isArray(snapshot.ddl)) {
      // A full schema: the base snapshot, or any format-8 snapshot. Keep the introducing migration of known rows.
      state = new DdlState(snapshot.ddl.filter(isDdlRow));
      const next = new Map<string, Migration>();
      for (const row of state.list()) next.set(entityKey(row), origin.get(entityKey(row)) ?? migration);
      origin = next;
      opts.onStep?.(migration, state);
      continue;
    }
    for (const delta of Array.isArray(snapshot.deltas) ? snapshot.deltas.filter(isRow) : []) {
      if (delta.op === 'create' && isDdlRow(delta.row)) {
        state.create(delta.row);
        origin.set(entityKey(delta.row), migration);
      } else if (delta.op === 'drop' && typeof delta.key === 'string') {
        const gone = state.delete(delta.key);
        // A dropped table takes its columns, indexes and constraints with it, whether or not deltas list them.
        if (gone?.entityType === 'tables') {
          for (const row of state.list()) {
            if (row.entityType !== 'tables' && row.table === gone.name && row.schema === gone.schema) state.delete(entityKey(row));
          }
        }
      } else if (typeof delta.key === 'string' && isRow(delta.set)) {
        const renamed = typeof delta.set.name === 'string';
        for (const [i, { from, to }] of state.update(delta.key, delta.set).entries()) {
          const was = origin.get(entityKey(from));
          origin.delete(entityKey(from));
          // The delta's own target (moved first) takes this migration when renamed; rows moved along keep theirs.
          origin.set(entityKey(to), (i === 0 && renamed) || !was ? migration : was);
        }
      }
    }
    opts.onStep?.(migration, state);
  }
  return state.list().map((row) => ({
    entityType: row.entityType,
    name: row.name as string,
    schema: typeof row.schema === 'string' ? row.schema : undefined,
    table: typeof row.table === 'string' ? row.table : undefined,
    migration: origin.get(entityKey(row)) ?? folder.migrations[0],
    row,
  }));
}

/** The entities after the last migration of a 1.0 folder. */
export function v1FinalState(folder: MigrationFolder): Promise<V1Entity[]> {
  return v1State(folder);
}
