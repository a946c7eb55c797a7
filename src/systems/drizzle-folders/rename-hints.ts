/** drizzle-kit 1.0 asks "rename or create?" whenever one diff removes and adds entities of one kind; its API takes
 * the answers as hints instead. A generated migration's snapshot records the answers it was given: a `rename`
 * delta for each rename, a `create` delta for each new entity. This turns those deltas back into hints, so
 * regenerating the migration from its parent state asks nothing and yields the SQL the developer accepted. */
import { DdlState, type DdlRow } from './ddl.js';

export type V1Hint =
  | { type: 'rename'; kind: string; from: string[]; to: string[] }
  | { type: 'create'; kind: string; entity: string[] };

/** drizzle-kit's hint kinds per ddl entity type (src/cli/hints.ts). Privileges are never asked about. */
const KIND: Record<string, string> = {
  schemas: 'schema', enums: 'enum', sequences: 'sequence', policies: 'policy', roles: 'role', tables: 'table',
  columns: 'column', views: 'view', uniques: 'unique', indexes: 'index', checks: 'check', pks: 'primary_key', fks: 'foreign key',
};

/** The id drizzle-kit's resolver gives an entity of a kind (src/cli/prompts.ts `entityId`). */
function entityId(kind: string, row: DdlRow): string[] {
  const schema = typeof row.schema === 'string' ? row.schema : 'public';
  const name = String(row.name);
  if (kind === 'schema' || kind === 'role') return [name];
  if (kind === 'table' || kind === 'enum' || kind === 'sequence' || kind === 'view') return [schema, name];
  return [schema, String(row.table), name];
}

type Delta = Record<string, unknown>;

/** Hints that reproduce the answers recorded in `deltas`, replayed over the parent state `prev`. Renames are
 * followed through drizzle-kit's cascade (a column renamed after its table is named under the new table name). */
export function hintsFromDeltas(prev: DdlRow[], deltas: Delta[]): V1Hint[] {
  const state = new DdlState(prev);
  const hints: V1Hint[] = [];
  for (const delta of deltas) {
    if (delta.op === 'create' && delta.row && typeof delta.row === 'object') {
      const row = delta.row as DdlRow;
      state.create(row);
      const kind = KIND[row.entityType];
      if (kind && typeof row.name === 'string') hints.push({ type: 'create', kind, entity: entityId(kind, row) });
    } else if (delta.op === 'drop' && typeof delta.key === 'string') {
      state.delete(delta.key);
    } else if (typeof delta.key === 'string' && delta.set && typeof delta.set === 'object') {
      const before = state.get(delta.key);
      const moved = state.update(delta.key, delta.set as Record<string, unknown>);
      const kind = before && KIND[before.entityType];
      if (delta.op !== 'rename' || !before || !kind || !moved[0]) continue;
      const from = entityId(kind, before);
      const to = entityId(kind, moved[0].to);
      if (from.join('\0') !== to.join('\0')) hints.push({ type: 'rename', kind, from, to });
    }
  }
  return hints;
}
