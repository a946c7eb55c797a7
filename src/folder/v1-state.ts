import type { Migration, MigrationFolder } from './migration-folder.js';
import { readSnapshotJson } from './read-files.js';

/** One schema entity of a drizzle-kit 1.0 snapshot (`ddl` rows and `create` deltas share this shape). */
export interface V1Entity {
  entityType: string;
  name: string;
  schema?: string;
  table?: string;
  /** The migration whose snapshot introduced (or last renamed) it. */
  migration: Migration;
}

type Row = Record<string, unknown>;
const isRow = (v: unknown): v is Row => !!v && typeof v === 'object' && !Array.isArray(v);

/** drizzle-kit 1.0 keys a delta as `<entityType>\0<JSON array of identity fields>` (e.g. `["public","users","age"]`
 * for a column, `["public","users_age_idx"]` for an index). The identity fields are some of schema/table/name, ending
 * with the name, so an entity matches when its name is the last element and every element is one of its fields. */
function matches(entity: V1Entity, key: string): boolean {
  const cut = key.indexOf('\0');
  if (cut < 0 || key.slice(0, cut) !== entity.entityType) return false;
  let identity: unknown;
  try {
    identity = JSON.parse(key.slice(cut + 1));
  } catch {
    return false;
  }
  if (!Array.isArray(identity) || identity.at(-1) !== entity.name) return false;
  const fields = [entity.schema, entity.table, entity.name];
  return identity.every((part) => fields.includes(part as string));
}

/** The entities that exist after the last migration of a 1.0 folder. Format 9 keeps the full schema only in the
 * first (`base`) snapshot and each later one holds its migration's deltas; format 8 keeps the full `ddl` in every
 * snapshot. Replays in apply order; a merge's second parent is already replayed because it sorts earlier. */
export async function v1FinalState(folder: MigrationFolder): Promise<V1Entity[]> {
  let state: V1Entity[] = [];
  const toEntity = (row: Row, migration: Migration): V1Entity | null =>
    typeof row.entityType === 'string' && typeof row.name === 'string'
      ? { entityType: row.entityType, name: row.name, schema: row.schema as string | undefined, table: row.table as string | undefined, migration }
      : null;
  for (const migration of folder.migrations) {
    if (!migration.snapshot || migration.snapshot.header.error) continue;
    const snapshot = await readSnapshotJson(folder, migration.snapshot.path);
    if (!snapshot) continue;
    if (Array.isArray(snapshot.ddl)) {
      // A full schema: the base snapshot, or any format-8 snapshot. Keep the introducing migration of known rows.
      const before = state;
      state = snapshot.ddl.filter(isRow).flatMap((row) => {
        const entity = toEntity(row, migration);
        if (!entity) return [];
        const known = before.find((e) => e.entityType === entity.entityType && e.name === entity.name && e.table === entity.table && e.schema === entity.schema);
        return [known ?? entity];
      });
      continue;
    }
    for (const delta of Array.isArray(snapshot.deltas) ? snapshot.deltas.filter(isRow) : []) {
      if (delta.op === 'create' && isRow(delta.row)) {
        const entity = toEntity(delta.row, migration);
        if (entity) state.push(entity);
      } else if (delta.op === 'drop' && typeof delta.key === 'string') {
        const gone = state.filter((e) => matches(e, delta.key as string));
        // A dropped table takes its columns, indexes and constraints with it, whether or not deltas list them.
        const tables = gone.filter((e) => e.entityType === 'tables');
        state = state.filter((e) => !gone.includes(e) && !tables.some((t) => e.table === t.name && e.schema === t.schema));
      } else if (typeof delta.key === 'string' && isRow(delta.set)) {
        const set = delta.set;
        state = state.map((e) =>
          matches(e, delta.key as string)
            ? { ...e, name: typeof set.name === 'string' ? set.name : e.name, table: typeof set.table === 'string' ? set.table : e.table, schema: typeof set.schema === 'string' ? set.schema : e.schema, migration: typeof set.name === 'string' ? migration : e.migration }
            : e,
        );
      }
    }
  }
  return state;
}
