import type { CatalogModel, ColumnModel, TableModel } from './catalog-model.js';
import type { DbFinding } from './db-finding.js';
import { looseExpr, looseView } from './normalize.js';

export interface CompareOptions {
  /** Report objects the database has and the snapshot does not (`db/extra-object`). */
  strict?: boolean;
  /** Where the expected model came from, for messages, e.g. "snapshot of 0010_add_users". */
  expectedLabel?: string;
  /** Migration tag findings are attached to (the last applied migration). */
  tag?: string;
}

/** Object path used as finding key and for grouping differences per table: `schema.table[/kind:name]`. */
export const objectKey = (table: string, kind?: string, name?: string) => (kind ? `${table}/${kind}:${name}` : table);

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const list = (xs: readonly string[]) => `(${xs.join(', ')})`;
const shownType = (t: string) => t.replace(/^enum:/, '');
/** Two expressions mean the same: as text when the same Postgres printed both (the replay), else loosely (see
 * looseExpr). null is "none". */
const sameExpr = (want: string | null, have: string | null, printed: boolean | undefined, loose: (text: string) => string) =>
  want === null || have === null ? want === have : printed ? want === have : loose(want) === loose(have);
const shownExpr = (e: string | null | undefined) => (e == null ? 'none' : e);
const shownView = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/;$/, '');
const shownDefault = (c: ColumnModel) => c.defaultText ?? (c.default === undefined ? 'none' : c.default);

/** Compares the expected schema (from a snapshot) with the actual one (from the catalog). Pure: both sides are
 * already normalised CatalogModels, so the live server and embedded Postgres share this one implementation. */
export function compareSchema(expected: CatalogModel, actual: CatalogModel, opts: CompareOptions = {}): DbFinding[] {
  const out: DbFinding[] = [];
  const against = opts.expectedLabel ?? 'the snapshot';
  const add = (rule: string, key: string, message: string, fix?: string) => out.push({ rule, key, message, ...(fix ? { fix } : {}), ...(opts.tag ? { tag: opts.tag } : {}) });
  // a known Postgres equivalence: explained, never an error
  const info = (rule: string, key: string, message: string) => out.push({ rule, key, message, severity: 'info', ...(opts.tag ? { tag: opts.tag } : {}) });
  const fixCreate = `find the migration that should have created it (was it skipped? see db/skipped-migration) or add one with drizzle-kit generate`;
  const fixAlter = `the database was changed outside the migrations, or a migration was edited after it ran: write a migration that brings it back to ${against}`;

  const missingSchemas = new Set<string>();
  for (const schema of expected.schemas) {
    if (!actual.schemas.has(schema)) {
      missingSchemas.add(schema);
      add('db/missing-schema', schema, `schema ${schema} does not exist (${against} has it)`, fixCreate);
    }
  }

  for (const [key, en] of expected.enums) {
    if (missingSchemas.has(en.schema)) continue;
    const live = actual.enums.get(key);
    if (!live) add('db/missing-enum', `enum:${key}`, `enum ${key} does not exist`, fixCreate);
    else if (!same(en.values, live.values)) {
      add('db/enum-values', `enum:${key}`, `enum ${key} has values ${list(live.values)}, ${against} has ${list(en.values)}`, fixAlter);
    }
  }
  for (const [key, seq] of expected.sequences) {
    if (missingSchemas.has(seq.schema)) continue;
    if (!actual.sequences.has(key)) add('db/missing-sequence', `sequence:${key}`, `sequence ${key} does not exist`, fixCreate);
  }
  for (const [key, view] of expected.views) {
    if (missingSchemas.has(view.schema)) continue;
    const live = actual.views.get(key);
    if (!live) add('db/missing-view', `view:${key}`, `${view.materialized ? 'materialized view' : 'view'} ${key} does not exist`, fixCreate);
    else if (live.materialized !== view.materialized) {
      add('db/missing-view', `view:${key}`, `${key} is ${live.materialized ? 'a materialized view' : 'a plain view'}, ${against} has ${view.materialized ? 'a materialized view' : 'a plain view'}`, fixAlter);
    } else if (view.definition !== undefined && live.definition !== undefined && !sameExpr(view.definition, live.definition, view.printed, looseView)) {
      add('db/missing-view', `view:${key}`, `view ${key} is defined as ${shownView(live.definition)}, ${against} defines ${shownView(view.definition)}`, fixAlter);
    }
  }

  for (const [key, table] of expected.tables) {
    if (missingSchemas.has(table.schema)) continue;
    const live = actual.tables.get(key);
    if (!live) {
      add('db/missing-table', objectKey(key), `table ${key} does not exist (${table.columns.size} columns)`, fixCreate);
      continue;
    }
    compareTable(key, table, live, add, info, { fixCreate, fixAlter, against, strict: !!opts.strict });
  }

  if (opts.strict) {
    for (const [key, table] of actual.tables) if (!expected.tables.has(key) && !missingSchemas.has(table.schema)) add('db/extra-object', objectKey(key), `table ${key} is not in ${against}`);
    for (const key of actual.enums.keys()) if (!expected.enums.has(key)) add('db/extra-object', `enum:${key}`, `enum ${key} is not in ${against}`);
    for (const key of actual.views.keys()) if (!expected.views.has(key)) add('db/extra-object', `view:${key}`, `view ${key} is not in ${against}`);
    for (const key of actual.sequences.keys()) if (!expected.sequences.has(key)) add('db/extra-object', `sequence:${key}`, `sequence ${key} is not in ${against}`);
  }
  return out;
}

type Add = (rule: string, key: string, message: string, fix?: string) => void;

function compareTable(key: string, want: TableModel, have: TableModel, add: Add, info: Add, ctx: { fixCreate: string; fixAlter: string; against: string; strict: boolean }): void {
  const { fixCreate, fixAlter, against } = ctx;
  for (const [name, col] of want.columns) {
    const live = have.columns.get(name);
    const k = objectKey(key, 'column', name);
    if (!live) {
      add('db/missing-column', k, `column ${key}.${name} does not exist (${shownType(col.type)}${col.notNull ? ' NOT NULL' : ''})`, fixCreate);
      continue;
    }
    if (live.type !== col.type) add('db/column-type', k, `column ${key}.${name} is ${shownType(live.type)}, ${against} says ${shownType(col.type)}`, fixAlter);
    if (live.notNull !== col.notNull) {
      add('db/column-nullability', k, `column ${key}.${name} is ${live.notNull ? 'NOT NULL' : 'nullable'}, ${against} says ${col.notNull ? 'NOT NULL' : 'nullable'}`, fixAlter);
    }
    if ((live.identity ?? '') !== (col.identity ?? '')) {
      const show = (i?: string) => (i === 'always' ? 'GENERATED ALWAYS AS IDENTITY' : i === 'byDefault' ? 'GENERATED BY DEFAULT AS IDENTITY' : 'not an identity column');
      add('db/column-default', k, `column ${key}.${name} is ${show(live.identity)}, ${against} says ${show(col.identity)}`, fixAlter);
    } else if ((live.generated ?? '') !== (col.generated ?? '')) {
      add('db/column-default', k, `column ${key}.${name} is generated as ${live.generatedText ?? 'nothing'}, ${against} says ${col.generatedText ?? 'not generated'}`, fixAlter);
    } else if (!col.generated && (live.default ?? '') !== (col.default ?? '')) {
      add('db/column-default', k, `column ${key}.${name} has default ${shownDefault(live)}, ${against} says ${shownDefault(col)}`, fixAlter);
    }
  }

  if (want.primaryKey) {
    const k = objectKey(key, 'primary-key', want.primaryKey.name ?? 'pkey');
    if (!have.primaryKey) add('db/missing-primary-key', k, `table ${key} has no primary key, ${against} has one on ${list(want.primaryKey.columns)}`, fixCreate);
    else if (!same([...have.primaryKey.columns].sort(), [...want.primaryKey.columns].sort())) {
      add('db/missing-primary-key', k, `table ${key} has its primary key on ${list(have.primaryKey.columns)}, ${against} on ${list(want.primaryKey.columns)}`, fixAlter);
    }
  }

  for (const [name, idx] of want.indexes) {
    const live = have.indexes.get(name);
    const k = objectKey(key, 'index', name);
    if (!live) add('db/missing-index', k, `index ${name} on ${key} ${list(idx.keys)} does not exist`, fixCreate);
    else {
      const diffs: string[] = [];
      if (live.unique !== idx.unique) diffs.push(live.unique ? 'is UNIQUE' : 'is not UNIQUE');
      if (live.method !== idx.method) diffs.push(`uses ${live.method}, not ${idx.method}`);
      if (!same(live.keys, idx.keys)) diffs.push(`is on ${list(live.keys)}, not ${list(idx.keys)}`);
      if (live.where !== idx.where) diffs.push(live.where ? `has WHERE ${live.where}${idx.where ? `, not ${idx.where}` : ''}` : `lacks WHERE ${idx.where}`);
      if (diffs.length) add('db/missing-index', k, `index ${name} on ${key} is defined differently: it ${diffs.join('; ')}`, fixAlter);
    }
  }

  for (const [name, fk] of want.foreignKeys) {
    const live = have.foreignKeys.get(name);
    const k = objectKey(key, 'foreign-key', name);
    const show = (f: typeof fk) => `${list(f.columns)} → ${f.references}${list(f.referencedColumns)} on delete ${f.onDelete} on update ${f.onUpdate}`;
    if (!live) add('db/missing-foreign-key', k, `foreign key ${name} on ${key} ${show(fk)} does not exist`, fixCreate);
    else if (!same(live.columns, fk.columns) || live.references !== fk.references || !same(live.referencedColumns, fk.referencedColumns) || live.onDelete !== fk.onDelete || live.onUpdate !== fk.onUpdate) {
      add('db/missing-foreign-key', k, `foreign key ${name} on ${key} is ${show(live)}, ${against} says ${show(fk)}`, fixAlter);
    }
  }

  for (const [name, uq] of want.uniques) {
    const live = have.uniques.get(name);
    const k = objectKey(key, 'unique', name);
    if (!live && have.primaryKey && same([...have.primaryKey.columns].sort(), [...uq.columns].sort())) {
      // CREATE TABLE with a PRIMARY KEY and a UNIQUE on the same columns: Postgres keeps only the primary key's index
      info('db/missing-unique', k, `unique constraint ${name} on ${key} ${list(uq.columns)} is the primary key: Postgres folds a UNIQUE on the primary-key columns into the primary key (same guarantee, one index)`);
    } else if (!live) add('db/missing-unique', k, `unique constraint ${name} on ${key} ${list(uq.columns)} does not exist`, fixCreate);
    else if (!same(live.columns, uq.columns) || live.nullsNotDistinct !== uq.nullsNotDistinct) {
      add('db/missing-unique', k, `unique constraint ${name} on ${key} is on ${list(live.columns)}${live.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}, ${against} says ${list(uq.columns)}${uq.nullsNotDistinct ? ' NULLS NOT DISTINCT' : ''}`, fixAlter);
    }
  }

  for (const [name, chk] of want.checks) {
    const live = have.checks.get(name);
    const k = objectKey(key, 'check', name);
    if (!live) add('db/missing-check', k, `check constraint ${name} on ${key} (${chk.text}) does not exist`, fixCreate);
    else if (live.expression !== chk.expression) add('db/missing-check', k, `check constraint ${name} on ${key} is ${live.text}, ${against} says ${chk.text}`, fixAlter);
  }

  if (want.rlsEnabled !== have.rlsEnabled) {
    add('db/rls', objectKey(key, 'rls', 'enabled'), `row-level security is ${have.rlsEnabled ? 'enabled' : 'disabled'} on ${key}, ${against} says ${want.rlsEnabled ? 'enabled' : 'disabled'}`, fixAlter);
  }
  for (const [name, pol] of want.policies) {
    const live = have.policies.get(name);
    const k = objectKey(key, 'policy', name);
    if (!live) add('db/rls', k, `policy ${name} on ${key} does not exist`, fixCreate);
    else if (live.as !== pol.as || live.for !== pol.for) add('db/rls', k, `policy ${name} on ${key} is ${live.as} FOR ${live.for}, ${against} says ${pol.as} FOR ${pol.for}`, fixAlter);
    else {
      const loose = (text: string) => looseExpr(text, want.name);
      for (const [clause, wanted, found] of [['USING', pol.using, live.using], ['WITH CHECK', pol.withCheck, live.withCheck]] as const) {
        if (wanted === undefined || found === undefined || sameExpr(wanted, found, pol.printed, loose)) continue;
        add('db/rls', k, `policy ${name} on ${key} has ${clause} ${shownExpr(found)}, ${against} says ${clause} ${shownExpr(wanted)}`, fixAlter);
      }
    }
  }
  if (ctx.strict) {
    for (const name of have.columns.keys()) if (!want.columns.has(name)) add('db/extra-object', objectKey(key, 'column', name), `column ${key}.${name} is not in ${against}`);
    for (const name of have.indexes.keys()) if (!want.indexes.has(name)) add('db/extra-object', objectKey(key, 'index', name), `index ${name} on ${key} is not in ${against}`);
    for (const name of have.foreignKeys.keys()) if (!want.foreignKeys.has(name)) add('db/extra-object', objectKey(key, 'foreign-key', name), `foreign key ${name} on ${key} is not in ${against}`);
    for (const name of have.uniques.keys()) if (!want.uniques.has(name)) add('db/extra-object', objectKey(key, 'unique', name), `unique constraint ${name} on ${key} is not in ${against}`);
    for (const name of have.checks.keys()) if (!want.checks.has(name)) add('db/extra-object', objectKey(key, 'check', name), `check constraint ${name} on ${key} is not in ${against}`);
    for (const name of have.policies.keys()) if (!want.policies.has(name)) add('db/extra-object', objectKey(key, 'policy', name), `policy ${name} on ${key} is not in ${against}`);
  }
}
