/** A small copy of drizzle-kit 1.0's Postgres DDL store, enough to replay format-9 snapshot deltas faithfully:
 * the same entity keys (`<entityType>\0<JSON identity>`) and the same rename cascade (renaming a table moves its
 * columns, indexes and constraints; renaming a column rewrites the column lists that name it). Mirrors
 * `createDDL` / `makeProcessors` of drizzle-kit 1.0.0-rc.5 (src/dialects/postgres/ddl.ts). */

export type DdlRow = Record<string, unknown> & { entityType: string };

/** Fields that make up each entity type's key, in key order. */
const IDENTITY: Record<string, string[]> = {
  schemas: ['name'],
  tables: ['schema', 'name'],
  enums: ['schema', 'name'],
  columns: ['schema', 'table', 'name'],
  indexes: ['schema', 'name'],
  fks: ['schema', 'table', 'name'],
  pks: ['schema', 'table', 'name'],
  uniques: ['schema', 'table', 'name'],
  checks: ['schema', 'table', 'name'],
  sequences: ['schema', 'name'],
  roles: ['name'],
  privileges: ['schema', 'table', 'grantor', 'grantee', 'type'],
  policies: ['schema', 'table', 'name'],
  views: ['schema', 'name'],
};

/** A reference from a row to another entity: target field ← source field, or a list of names. */
interface Edge {
  to: string;
  scalars: [target: string, source: string][];
  list?: { target: string; field: string; pick?: string; skipWhen?: string };
  when?: (row: DdlRow) => boolean;
}

const toTable: Edge = { to: 'tables', scalars: [['schema', 'schema'], ['name', 'table']] };
const toSchema: Edge = { to: 'schemas', scalars: [['name', 'schema']] };
const columnsList = (field: string, pick?: string, skipWhen?: string): Edge => ({
  to: 'columns',
  scalars: [['schema', 'schema'], ['table', 'table']],
  list: { target: 'name', field, pick, skipWhen },
});

const EDGES: Record<string, Edge[]> = {
  tables: [toSchema],
  enums: [toSchema],
  sequences: [toSchema],
  views: [toSchema],
  checks: [toTable],
  policies: [toTable, { to: 'roles', scalars: [], list: { target: 'name', field: 'roles' } }],
  privileges: [toTable, { to: 'roles', scalars: [['name', 'grantee']] }, { to: 'roles', scalars: [['name', 'grantor']] }],
  columns: [toTable, { to: 'enums', scalars: [['schema', 'typeSchema'], ['name', 'type']], when: (r) => !!r.typeSchema && r.typeSchema !== 'pg_catalog' }],
  indexes: [toTable, columnsList('columns', 'value', 'isExpression')],
  pks: [toTable, columnsList('columns')],
  uniques: [toTable, columnsList('columns')],
  fks: [
    toTable,
    columnsList('columns'),
    { to: 'tables', scalars: [['schema', 'schemaTo'], ['name', 'tableTo']] },
    { to: 'columns', scalars: [['schema', 'schemaTo'], ['table', 'tableTo']], list: { target: 'name', field: 'columnsTo' } },
  ],
};

export function entityKey(row: DdlRow): string {
  const fields = IDENTITY[row.entityType] ?? ['schema', 'table', 'name'];
  return `${row.entityType}\0${JSON.stringify(fields.map((f) => row[f] ?? null))}`;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The patch that moves `row`'s reference from entity `from` to `to`, or null when it does not reference `from`. */
function relocate(edge: Edge, row: DdlRow, from: DdlRow, to: DdlRow): Record<string, unknown> | null {
  if (edge.when && !edge.when(row)) return null;
  for (const [target, source] of edge.scalars) if (!same(row[source], from[target])) return null;
  const patch: Record<string, unknown> = {};
  for (const [target, source] of edge.scalars) patch[source] = to[target];
  if (!edge.list) return patch;
  const { target, field, pick, skipWhen } = edge.list;
  const elements = row[field];
  if (!Array.isArray(elements)) return null;
  let changed = false;
  const next = elements.map((el) => {
    if (skipWhen && el?.[skipWhen]) return el;
    if (!same(pick ? el?.[pick] : el, from[target])) return el;
    changed = true;
    return pick ? { ...el, [pick]: to[target] } : to[target];
  });
  return changed ? { ...patch, [field]: next } : null;
}

/** Entities keyed as drizzle-kit keys them, in insertion order. */
export class DdlState {
  private rows = new Map<string, DdlRow>();

  constructor(rows: DdlRow[] = []) {
    for (const row of rows) this.rows.set(entityKey(row), { ...row });
  }

  list(): DdlRow[] {
    return [...this.rows.values()];
  }

  get(key: string): DdlRow | undefined {
    return this.rows.get(key);
  }

  create(row: DdlRow): void {
    const key = entityKey(row);
    if (!this.rows.has(key)) this.rows.set(key, { ...row });
  }

  delete(key: string): DdlRow | undefined {
    const row = this.rows.get(key);
    this.rows.delete(key);
    return row;
  }

  /** drizzle-kit's `update({ set, where: key })`: only fields the row has; a changed key moves every row that
   * references the old one (and what references those). Returns the rows whose key changed, old and new. */
  update(key: string, set: Record<string, unknown>): { from: DdlRow; to: DdlRow }[] {
    const row = this.rows.get(key);
    if (!row) return [];
    const next: DdlRow = { ...row };
    for (const [k, v] of Object.entries(set)) if (k in row) next[k] = v;
    const moved: { from: DdlRow; to: DdlRow }[] = [];
    const queue: { from: DdlRow; to: DdlRow }[] = [];
    this.replace(row, next);
    if (entityKey(next) !== key) queue.push({ from: row, to: next });
    const visited = new Set(queue.map((q) => entityKey(q.from)));
    for (let i = 0; i < queue.length; i++) {
      const { from, to } = queue[i];
      moved.push(queue[i]);
      for (const dep of this.list()) {
        let current = dep;
        for (const edge of EDGES[dep.entityType] ?? []) {
          if (edge.to !== from.entityType) continue;
          const patch = relocate(edge, current, from, to);
          if (!patch) continue;
          const updated: DdlRow = { ...current, ...patch };
          this.replace(current, updated);
          const oldKey = entityKey(current);
          if (entityKey(updated) !== oldKey && !visited.has(oldKey)) {
            visited.add(oldKey);
            queue.push({ from: current, to: updated });
          }
          current = updated;
        }
      }
    }
    return moved;
  }

  private replace(old: DdlRow, next: DdlRow): void {
    // Keep insertion order stable for readable output: rebuild only when the key changes.
    const oldKey = entityKey(old);
    const newKey = entityKey(next);
    if (oldKey === newKey) {
      this.rows.set(oldKey, next);
      return;
    }
    const entries = [...this.rows.entries()].map(([k, v]): [string, DdlRow] => (k === oldKey ? [newKey, next] : [k, v]));
    this.rows = new Map(entries);
  }
}
