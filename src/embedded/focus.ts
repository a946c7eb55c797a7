import type { CatalogModel } from '../db/catalog-model.js';
import type { SqlClient } from '../db/sql-client.js';

type Obj = Record<string, any>;

/** Table entries of a snapshot, keyed `schema.name`, with their JSON text (for cheap change detection). */
export function snapshotTables(snapshot: Obj): Map<string, string> {
  const out = new Map<string, string>();
  const tables = snapshot?.tables && typeof snapshot.tables === 'object' ? (snapshot.tables as Obj) : {};
  for (const t of Object.values(tables)) {
    if (!t || typeof t !== 'object' || typeof t.name !== 'string') continue;
    out.set(`${typeof t.schema === 'string' && t.schema ? t.schema : 'public'}.${t.name}`, JSON.stringify(t));
  }
  return out;
}

const NAME = `("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const CREATE_TABLE = new RegExp(`\\bcreate\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:${NAME}\\s*\\.\\s*)?${NAME}`, 'gi');
const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase());

const IDENTIFIER = /"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g;

/** The tables a replay step must look at: those whose snapshot entry changed since the previous step, and those
 * the migration's SQL names (a hand-edited statement can only touch a table by naming it). Everything else was
 * verified at an earlier step and is left alone; the final full comparison (verifyDatabase) covers the rest. */
export function focusTables(before: Map<string, string>, after: Map<string, string>, sqlText: string): Set<string> {
  const focus = new Set<string>();
  for (const [key, json] of after) if (before.get(key) !== json) focus.add(key);
  for (const key of before.keys()) if (!after.has(key)) focus.add(key);
  const byName = new Map<string, string[]>();
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const name = key.slice(key.indexOf('.') + 1);
    byName.set(name, [...(byName.get(name) ?? []), key]);
    byName.set(name.toLowerCase(), [...(byName.get(name.toLowerCase()) ?? []), key]);
  }
  for (const m of sqlText.matchAll(IDENTIFIER)) {
    const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].toLowerCase();
    for (const key of byName.get(name) ?? []) focus.add(key);
  }
  // a table the SQL creates that no snapshot knows (hand-written): looked at, so it is reported as extra
  for (const m of sqlText.matchAll(CREATE_TABLE)) focus.add(`${unquote(m[1] ?? 'public')}.${unquote(m[2])}`);
  return focus;
}

/** A shallow copy of a snapshot with only the focus tables, so the expected model is built for those alone. */
export function focusSnapshot(snapshot: Obj, focus: Set<string>): Obj {
  const tables = snapshot?.tables && typeof snapshot.tables === 'object' ? (snapshot.tables as Obj) : {};
  const kept: Obj = {};
  for (const [k, t] of Object.entries(tables)) {
    if (t && typeof t === 'object' && focus.has(`${typeof t.schema === 'string' && t.schema ? t.schema : 'public'}.${t.name}`)) kept[k] = t;
  }
  return { ...snapshot, tables: kept };
}

/** Keeps only the focus tables of an expected model (enums, sequences, views and schemas stay whole). */
export function restrictModel(model: CatalogModel, focus: Set<string>): CatalogModel {
  return { ...model, tables: new Map([...model.tables].filter(([key]) => focus.has(key))) };
}

/** A SqlClient that limits the per-table catalog queries to the focus tables by wrapping each query as a subquery
 * with a row filter on its `schema`/`table` columns (Postgres pushes it down, so the per-row work is skipped).
 * A query without those columns runs unchanged: the result is then merely larger, never wrong, because the
 * comparison ignores tables outside the focus. */
export function focusedClient(client: SqlClient, focus: Set<string>): SqlClient {
  const keys = JSON.stringify([...focus]);
  return {
    query<T>(text: string, params: unknown[] = []) {
      const n = params.length + 1;
      const inFocus = (expr: string) => `${expr} in (select jsonb_array_elements_text($${n}::jsonb))`;
      if (/\bas table\b/.test(text)) return client.query<T>(`select * from (${text}) q where ${inFocus(`q.schema || '.' || q."table"`)}`, [...params, keys]);
      if (/\bas kind\b/.test(text)) return client.query<T>(`select * from (${text}) q where q.kind not in ('r', 'p') or ${inFocus(`q.schema || '.' || q.name`)}`, [...params, keys]);
      return client.query<T>(text, params);
    },
  };
}

/** Schemas to introspect for an expected model: the ones it names plus those its objects live in. */
export function schemasOf(model: CatalogModel): Set<string> {
  const out = new Set<string>(['public', ...model.schemas]);
  for (const m of [model.tables, model.enums, model.sequences, model.views]) for (const o of m.values()) out.add(o.schema);
  return out;
}
