import { DriftgateError } from '../../errors.js';
import { collectSchemas, emptyCatalog, emptyTable, qualified, type CatalogModel, type ColumnModel } from '../../db/catalog-model.js';
import { indexKey } from '../../db/introspect.js';
import { canonicalDefault, canonicalType, enumType, looseExpr, pgIdentifier } from '../../db/normalize.js';

type Obj = Record<string, any>;
const values = (o: unknown): Obj[] => (o && typeof o === 'object' ? Object.values(o as Obj) : []);
const schemaOf = (s: unknown) => (typeof s === 'string' && s ? s : 'public');
const SERIAL = new Set(['serial', 'smallserial', 'bigserial', 'serial2', 'serial4', 'serial8']);

/** The schema a drizzle-kit (0.x, snapshot version 5–7, postgresql) snapshot describes, normalised like the
 * catalog so compareSchema can diff the two. */
export function expectedFromSnapshot(snapshot: Obj): CatalogModel {
  if (!snapshot || typeof snapshot !== 'object' || typeof snapshot.tables !== 'object') {
    throw new DriftgateError('the snapshot has no "tables": not a drizzle-kit postgresql snapshot');
  }
  const model = emptyCatalog();
  for (const name of values(snapshot.schemas)) if (typeof name === 'string') model.schemas.add(name);
  for (const e of values(snapshot.enums)) {
    const schema = schemaOf(e.schema);
    model.enums.set(qualified(schema, e.name), { schema, name: e.name, values: [...(e.values ?? [])] });
  }
  for (const s of values(snapshot.sequences)) {
    const schema = schemaOf(s.schema);
    model.sequences.set(qualified(schema, s.name), { schema, name: s.name, increment: s.increment === undefined ? undefined : String(s.increment) });
  }
  for (const v of values(snapshot.views)) {
    if (v.isExisting) continue;
    const schema = schemaOf(v.schema);
    model.views.set(qualified(schema, v.name), { schema, name: v.name, materialized: v.materialized === true, definition: typeof v.definition === 'string' ? v.definition : undefined });
  }
  for (const raw of values(snapshot.tables)) {
    const schema = schemaOf(raw.schema);
    const table = emptyTable(schema, raw.name);
    const pkColumns: string[] = [];
    for (const c of values(raw.columns)) {
      table.columns.set(c.name, expectedColumn(c, table.name, model));
      if (c.primaryKey) pkColumns.push(c.name);
      if (c.isUnique) {
        const name = pgIdentifier(c.uniqueName ?? `${table.name}_${c.name}_unique`);
        table.uniques.set(name, { name, columns: [c.name], nullsNotDistinct: c.nullsNotDistinct === true });
      }
    }
    if (pkColumns.length) table.primaryKey = { columns: pkColumns };
    for (const pk of values(raw.compositePrimaryKeys)) {
      const cols: string[] = Array.isArray(pk.columns) ? pk.columns : String(pk).split(';')[0]?.split(',') ?? [];
      table.primaryKey = { name: pk.name, columns: cols };
      // a primary key makes its columns NOT NULL (the snapshot keeps notNull: false for composite-key columns)
      for (const name of cols) {
        const column = table.columns.get(name);
        if (column) column.notNull = true;
      }
    }
    for (const u of values(raw.uniqueConstraints)) {
      const name = pgIdentifier(u.name);
      table.uniques.set(name, { name, columns: [...u.columns], nullsNotDistinct: u.nullsNotDistinct === true });
    }
    for (const i of values(raw.indexes)) {
      const name = pgIdentifier(i.name);
      const keys = (Array.isArray(i.columns) ? i.columns : []).map((col: Obj | string) =>
        typeof col === 'string' ? col.toLowerCase() : expressionKey(String(col.expression), table.name, col.asc !== false, col.nulls === 'first'),
      );
      table.indexes.set(name, { name, unique: i.isUnique === true, method: i.method ?? 'btree', keys, where: i.where ? looseExpr(i.where, table.name) : '' });
    }
    for (const fk of values(raw.foreignKeys)) {
      const name = pgIdentifier(fk.name);
      table.foreignKeys.set(name, {
        name,
        columns: [...fk.columnsFrom],
        references: qualified(schemaOf(fk.schemaTo), fk.tableTo),
        referencedColumns: [...fk.columnsTo],
        onDelete: String(fk.onDelete ?? 'no action').toLowerCase(),
        onUpdate: String(fk.onUpdate ?? 'no action').toLowerCase(),
      });
    }
    for (const ck of values(raw.checkConstraints)) {
      const name = pgIdentifier(ck.name);
      table.checks.set(name, { name, expression: looseExpr(String(ck.value), table.name), text: String(ck.value) });
    }
    for (const p of values(raw.policies)) {
      table.policies.set(p.name, {
        name: p.name,
        as: String(p.as ?? 'PERMISSIVE').toUpperCase(),
        for: String(p.for ?? 'ALL').toUpperCase(),
        using: typeof p.using === 'string' ? p.using : null,
        withCheck: typeof p.withCheck === 'string' ? p.withCheck : null,
      });
    }
    // drizzle-kit enables RLS on a table that has policies even without .enableRLS().
    table.rlsEnabled = raw.isRLSEnabled === true || table.policies.size > 0;
    model.tables.set(qualified(schema, table.name), table);
  }
  return collectSchemas(model);
}

function expectedColumn(c: Obj, table: string, model: CatalogModel): ColumnModel {
  const rawType = String(c.type);
  const base = rawType.replace(/(\s*\[\d*\])+$/, '');
  const array = base !== rawType;
  const enumSchema = schemaOf(c.typeSchema);
  const isEnum = model.enums.has(qualified(enumSchema, base));
  const serial = SERIAL.has(base.toLowerCase());
  const column: ColumnModel = {
    name: c.name,
    type: isEnum ? enumType(enumSchema, base, array) : canonicalType(rawType),
    notNull: c.notNull === true || c.primaryKey === true || serial || !!c.identity,
  };
  if (c.identity) column.identity = c.identity.type === 'always' ? 'always' : 'byDefault';
  if (c.generated?.as !== undefined) {
    column.generated = looseExpr(String(c.generated.as), table);
    column.generatedText = String(c.generated.as);
  } else if (serial) {
    column.default = 'nextval()';
    column.defaultText = 'nextval(…) (serial)';
  } else if (c.default !== undefined) {
    column.default = canonicalDefault(c.default, table);
    column.defaultText = typeof c.default === 'string' ? c.default : JSON.stringify(c.default);
  }
  return column;
}

/** An index key written as an expression may carry its own ordering (`sql\`coalesce(a, b) DESC\``, which drizzle-kit
 * records with asc: true): Postgres stores it as the key's ordering, so it is read as such. */
function expressionKey(expression: string, table: string, asc: boolean, nullsFirst: boolean): string {
  const order = /\s+(asc|desc)(?:\s+nulls\s+(first|last))?\s*$/i.exec(expression);
  if (!order) return indexKey(looseExpr(expression, table), asc, nullsFirst);
  const desc = order[1].toLowerCase() === 'desc';
  const nulls = order[2] ? order[2].toLowerCase() === 'first' : desc;
  return indexKey(looseExpr(expression.slice(0, order.index), table), !desc, nulls);
}
