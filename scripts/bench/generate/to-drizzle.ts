import { sql } from 'drizzle-orm';
import {
  bigint, boolean, foreignKey, index, integer, jsonb, numeric, pgEnum, pgTable, serial, text, timestamp, uniqueIndex, uuid, varchar,
  type AnyPgColumn, type PgColumnBuilderBase, type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import { camel, type ColumnModel, type EnumModel, type SchemaModel, type TableModel } from './schema-model.js';

type AnyTable = PgTableWithColumns<any>;
type AnyEnum = ReturnType<typeof pgEnum<string, [string, ...string[]]>>;

/**
 * Turns schema models into drizzle pgTable/pgEnum objects — what a project's schema.ts exports — for drizzle-kit's
 * generateDrizzleJson. Objects are cached per (immutable) model, so a 1,000-table schema is not rebuilt every step.
 */
export function createDrizzleBuilder() {
  const tables = new WeakMap<TableModel, AnyTable>();
  const enums = new WeakMap<EnumModel, AnyEnum>();
  // Foreign keys resolve lazily by name, so a cached table always points at the current referenced table.
  const byName = new Map<string, AnyTable>();
  const enumByName = new Map<string, AnyEnum>();

  const column = (c: ColumnModel): PgColumnBuilderBase => {
    let b: any;
    switch (c.type) {
      case 'serial': b = serial(c.name); break;
      case 'integer': b = integer(c.name); break;
      case 'bigint': b = bigint(c.name, { mode: 'number' }); break;
      case 'text': b = text(c.name); break;
      case 'varchar': b = varchar(c.name, { length: c.length }); break;
      case 'boolean': b = boolean(c.name); break;
      case 'timestamp': b = timestamp(c.name, { withTimezone: true }); break;
      case 'uuid': b = uuid(c.name); break;
      case 'jsonb': b = jsonb(c.name); break;
      case 'numeric': b = numeric(c.name, { precision: 12, scale: 2 }); break;
      case 'enum': b = enumByName.get(c.enumName!)!(c.name); break;
    }
    if (c.primaryKey) b = b.primaryKey();
    if (c.notNull) b = b.notNull();
    if (c.unique) b = b.unique();
    const d = c.default;
    if (d === 'now') b = b.defaultNow();
    else if (d === 'random') b = b.defaultRandom();
    else if (d === 'zero') b = b.default(0);
    else if (d === 'false') b = b.default(false);
    else if (d === 'true') b = b.default(true);
    else if (d === 'emptyJson') b = b.default(sql`'{}'::jsonb`);
    else if (d) b = b.default(d.text);
    if (c.references && !c.references.name) {
      const target = c.references.table;
      b = b.references((): AnyPgColumn => byName.get(target)!.id, { onDelete: c.references.onDelete });
    }
    return b;
  };

  const table = (t: TableModel): AnyTable => {
    let built = tables.get(t);
    if (!built) {
      const columns = Object.fromEntries(t.columns.map((c) => [camel(c.name), column(c)]));
      built = pgTable(t.name, columns, (cols: Record<string, any>) => [
        ...t.indexes.map((i) => (i.unique ? uniqueIndex(i.name) : index(i.name)).on(...(i.columns.map((n) => cols[camel(n)]) as [any]))),
        ...t.columns.flatMap((c) => {
          const ref = c.references;
          if (!ref?.name) return [];
          return [foreignKey({ name: ref.name, columns: [cols[camel(c.name)]], foreignColumns: [byName.get(ref.table)!.id] }).onDelete(ref.onDelete)];
        }),
      ]) as AnyTable;
      tables.set(t, built);
    }
    byName.set(t.name, built);
    return built;
  };

  /**
   * The module exports drizzle-kit would see for this schema: the CLI loads schema.ts as a module namespace, whose keys
   * are sorted by name, so the snapshot lists tables and enums by export name. With `only`, just those tables (every
   * table stays resolvable for foreign keys).
   */
  return function exportsOf(schema: SchemaModel, only?: ReadonlySet<TableModel>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    byName.clear();
    enumByName.clear();
    for (const e of schema.enums) {
      let built = enums.get(e);
      if (!built) {
        built = pgEnum(e.name, e.values as [string, ...string[]]);
        enums.set(e, built);
      }
      enumByName.set(e.name, built);
      out[`${camel(e.name)}Enum`] = built;
    }
    for (const t of schema.tables) {
      const built = table(t);
      if (!only || only.has(t)) out[camel(t.name)] = built;
    }
    return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
  };
}
