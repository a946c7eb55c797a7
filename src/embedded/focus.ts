import type { CatalogModel } from '../db/catalog-model.js';

type Obj = Record<string, any>;

/** Table entries of a snapshot, keyed `schema.name` (the parsed objects: focusTables compares them by value). */
export function snapshotTables(snapshot: Obj): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const tables = snapshot?.tables && typeof snapshot.tables === 'object' ? (snapshot.tables as Obj) : {};
  for (const t of Object.values(tables)) {
    if (!t || typeof t !== 'object' || typeof t.name !== 'string') continue;
    out.set(`${typeof t.schema === 'string' && t.schema ? t.schema : 'public'}.${t.name}`, t);
  }
  return out;
}

const NAME = `("(?:[^"]|"")+"|[A-Za-z_][A-Za-z0-9_$]*)`;
const CREATE_TABLE = new RegExp(`\\bcreate\\s+(?:unlogged\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?(?:${NAME}\\s*\\.\\s*)?${NAME}`, 'gi');
const unquote = (name: string) => (name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase());

const IDENTIFIER = /"((?:[^"]|"")+)"|([A-Za-z_][A-Za-z0-9_$]*)/g;

/** Whether two parsed JSON values are equal, whatever the order of their keys: drizzle-kit writes a custom
 * migration's snapshot with its keys in another order. Walks both only as far as the first difference. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((value, i) => sameValue(value, other[i]));
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && sameValue((a as Obj)[key], (b as Obj)[key]));
}

/** The tables a replay step must look at: those whose snapshot entry changed since the previous step, and those
 * the migration's SQL names (a hand-edited statement can only touch a table by naming it). Everything else was
 * verified at an earlier step and is left alone; the final full comparison (verifyDatabase) covers the rest. */
export function focusTables(before: Map<string, unknown>, after: Map<string, unknown>, sqlText: string): Set<string> {
  const focus = new Set<string>();
  for (const [key, table] of after) if (!before.has(key) || !sameValue(before.get(key), table)) focus.add(key);
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

/** The snapshot's objects besides tables (enums, sequences, views, schemas), for change detection. */
export function snapshotOthers(snapshot: Obj): unknown[] {
  return [snapshot?.enums, snapshot?.sequences, snapshot?.views, snapshot?.schemas];
}

/** Words without which a statement cannot create, change or drop an enum, a standalone sequence or a view: their
 * own DDL (TYPE, SEQUENCE, VIEW), what drops them along with something else (CASCADE, SCHEMA), and code whose text
 * need not spell its statements (DO, EXECUTE, functions and procedures). ALTER TABLE on a view or a sequence names it. */
const OTHERS_WORDS = /\b(type|sequence|view|schema|cascade|do|execute|function|procedure|call)\b/i;

/** A foreign key's `ON DELETE CASCADE`: an action of the key, not a statement's CASCADE. */
const FK_ACTION = /\bon\s+(?:delete|update)\s+cascade\b/gi;

/** Whether a replay step must read enums, sequences and views: when the snapshot's changed since the previous
 * step, or when the SQL has a word that can touch them or names one of them (`names`: of both snapshots). Like
 * focusTables, a step that leaves them alone skips reading them; the final full comparison covers the end state. */
export function othersInFocus(before: unknown[], after: unknown[], sqlText: string, names: Iterable<string>): boolean {
  if (!sameValue(before, after) || OTHERS_WORDS.test(sqlText.replace(FK_ACTION, ''))) return true;
  const named = new Set<string>();
  for (const m of sqlText.matchAll(IDENTIFIER)) named.add(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].toLowerCase());
  for (const name of names) if (named.has(name) || named.has(name.toLowerCase())) return true;
  return false;
}

/** Statements that can change a table without naming it, besides those of OTHERS_WORDS (CASCADE, DO, EXECUTE,
 * functions, …): CREATE/ALTER EXTENSION (it can create tables), DROP/ALTER INDEX (an index is named, its table is
 * not), DROP OWNED, domains, SELECT (it can call a function that runs DDL) and triggers (they run code later). */
const REACHES_UNNAMED = /\b(extension|owned|domain|select|trigger)\b|\b(drop|alter)\s+index\b/i;

/** Whether a migration's SQL can change a table it does not name. Without such a statement every table it changes
 * is named in it or changed in its snapshot, so the replay step's focus holds all it changed. */
export function reachesUnnamed(sqlText: string): boolean {
  const text = sqlText.replace(FK_ACTION, '');
  return OTHERS_WORDS.test(text) || REACHES_UNNAMED.test(text);
}

/** Names of a snapshot's enums, sequences and views (unqualified). */
export function snapshotOtherNames(snapshot: Obj): string[] {
  const out: string[] = [];
  for (const part of [snapshot?.enums, snapshot?.sequences, snapshot?.views]) {
    if (!part || typeof part !== 'object') continue;
    for (const o of Object.values(part as Obj)) if (o && typeof o.name === 'string') out.push(o.name);
  }
  return out;
}

/** Schemas to introspect for an expected model: the ones it names plus those its objects live in. */
export function schemasOf(model: CatalogModel): Set<string> {
  const out = new Set<string>(['public', ...model.schemas]);
  for (const m of [model.tables, model.enums, model.sequences, model.views]) for (const o of m.values()) out.add(o.schema);
  return out;
}
