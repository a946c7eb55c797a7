import type { DdlRow } from './ddl.js';
import { collectSchemas, emptyCatalog, emptyTable, qualified, type CatalogModel, type ColumnModel, type TableModel } from '../../db/catalog-model.js';
import { indexKey } from '../../db/introspect.js';
import { canonicalDefault, canonicalType, enumType, looseExpr, pgIdentifier } from '../../db/normalize.js';

type Obj = Record<string, any>;
const str = (v: unknown, fallback = '') => (typeof v === 'string' ? v : fallback);
const schemaOf = (s: unknown) => str(s) || 'public';
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const SERIAL = new Set(['serial', 'smallserial', 'bigserial', 'serial2', 'serial4', 'serial8']);

/** The schema a drizzle-kit 1.0 state describes (the `ddl` rows of a format-8/9 snapshot, or the rows replayed
 * from format-9 deltas by v1State), normalised like the catalog so compareSchema can diff the two — the same
 * target shape as expectedFromSnapshot builds from 0.x snapshots. */
export function expectedFromV1State(rows: DdlRow[]): CatalogModel {
  const model = emptyCatalog();
  const of = (type: string) => rows.filter((r) => r.entityType === type) as Obj[];
  for (const s of of('schemas')) model.schemas.add(str(s.name));
  for (const e of of('enums')) {
    const schema = schemaOf(e.schema);
    model.enums.set(qualified(schema, e.name), { schema, name: e.name, values: strings(e.values) });
  }
  for (const s of of('sequences')) {
    const schema = schemaOf(s.schema);
    model.sequences.set(qualified(schema, s.name), { schema, name: s.name, increment: s.incrementBy == null ? undefined : String(s.incrementBy) });
  }
  for (const v of of('views')) {
    const schema = schemaOf(v.schema);
    model.views.set(qualified(schema, v.name), { schema, name: v.name, materialized: v.materialized === true });
  }
  for (const t of of('tables')) {
    const table = emptyTable(schemaOf(t.schema), str(t.name));
    table.rlsEnabled = t.isRlsEnabled === true;
    model.tables.set(qualified(table.schema, table.name), table);
  }
  // Rows of a table the state no longer has (a hand-edited snapshot) are skipped: compareSchema reports by table.
  const tableOf = (r: Obj): TableModel | undefined => model.tables.get(qualified(schemaOf(r.schema), str(r.table)));

  for (const c of of('columns')) {
    const table = tableOf(c);
    if (table) table.columns.set(c.name, expectedColumn(c, table.name, model));
  }
  for (const pk of of('pks')) {
    const table = tableOf(pk);
    if (!table) continue;
    const columns = strings(pk.columns);
    table.primaryKey = { name: pk.name, columns };
    // Postgres makes every primary-key column NOT NULL, whatever the schema said.
    for (const name of columns) {
      const column = table.columns.get(name);
      if (column) column.notNull = true;
    }
  }
  for (const u of of('uniques')) {
    const table = tableOf(u);
    const name = pgIdentifier(str(u.name));
    table?.uniques.set(name, { name, columns: strings(u.columns), nullsNotDistinct: u.nullsNotDistinct === true });
  }
  for (const i of of('indexes')) {
    const table = tableOf(i);
    if (!table) continue;
    const name = pgIdentifier(str(i.name));
    const keys = (Array.isArray(i.columns) ? i.columns : []).map((col: Obj) =>
      indexKey(looseExpr(str(col?.value), table.name), col?.asc !== false, col?.nullsFirst === true),
    );
    table.indexes.set(name, { name, unique: i.isUnique === true, method: str(i.method, 'btree') || 'btree', keys, where: i.where ? looseExpr(str(i.where), table.name) : '' });
  }
  for (const fk of of('fks')) {
    const table = tableOf(fk);
    const name = pgIdentifier(str(fk.name));
    table?.foreignKeys.set(name, {
      name,
      columns: strings(fk.columns),
      references: qualified(schemaOf(fk.schemaTo), str(fk.tableTo)),
      referencedColumns: strings(fk.columnsTo),
      onDelete: str(fk.onDelete, 'no action').toLowerCase(),
      onUpdate: str(fk.onUpdate, 'no action').toLowerCase(),
    });
  }
  for (const ck of of('checks')) {
    const table = tableOf(ck);
    const name = pgIdentifier(str(ck.name));
    table?.checks.set(name, { name, expression: looseExpr(str(ck.value), table.name), text: str(ck.value) });
  }
  for (const p of of('policies')) {
    tableOf(p)?.policies.set(p.name, { name: p.name, as: str(p.as, 'PERMISSIVE').toUpperCase(), for: str(p.for, 'ALL').toUpperCase() });
  }
  return collectSchemas(model);
}

function expectedColumn(c: Obj, table: string, model: CatalogModel): ColumnModel {
  const base = str(c.type);
  const array = Number(c.dimensions) > 0;
  const typeSchema = str(c.typeSchema);
  const isEnum = !!typeSchema && model.enums.has(qualified(typeSchema, base));
  const serial = SERIAL.has(base.toLowerCase());
  const column: ColumnModel = {
    name: c.name,
    type: isEnum ? enumType(typeSchema, base, array) : canonicalType(`${base}${array ? '[]' : ''}`),
    notNull: c.notNull === true || serial || !!c.identity,
  };
  if (c.identity) column.identity = c.identity.type === 'always' ? 'always' : 'byDefault';
  if (c.generated?.as != null) {
    column.generated = looseExpr(String(c.generated.as), table);
    column.generatedText = String(c.generated.as);
  } else if (serial) {
    column.default = 'nextval()';
    column.defaultText = 'nextval(…) (serial)';
  } else if (c.default != null) {
    column.default = canonicalDefault(c.default, table);
    column.defaultText = typeof c.default === 'string' ? c.default : JSON.stringify(c.default);
  }
  return column;
}
