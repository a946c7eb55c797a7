import { camel, type ColumnModel, type SchemaModel } from './schema-model.js';

/** Renders a schema model as the schema.ts a developer would write; the drizzle-kit CLI reads it in the self-check. */
export function schemaSource(schema: SchemaModel): string {
  const lines = [
    "import { sql } from 'drizzle-orm';",
    "import { bigint, boolean, foreignKey, index, integer, jsonb, numeric, pgEnum, pgTable, serial, text, timestamp, uniqueIndex, uuid, varchar } from 'drizzle-orm/pg-core';",
    '',
  ];
  for (const e of schema.enums) lines.push(`export const ${camel(e.name)}Enum = pgEnum(${JSON.stringify(e.name)}, ${JSON.stringify(e.values)});`);
  for (const t of schema.tables) {
    lines.push(`export const ${camel(t.name)} = pgTable(${JSON.stringify(t.name)}, {`);
    for (const c of t.columns) lines.push(`  ${camel(c.name)}: ${column(c)},`);
    lines.push(`}, (t) => [`);
    for (const i of t.indexes) lines.push(`  ${i.unique ? 'uniqueIndex' : 'index'}(${JSON.stringify(i.name)}).on(${i.columns.map((n) => `t.${camel(n)}`).join(', ')}),`);
    for (const c of t.columns) {
      const ref = c.references;
      if (ref?.name) lines.push(`  foreignKey({ name: ${JSON.stringify(ref.name)}, columns: [t.${camel(c.name)}], foreignColumns: [${camel(ref.table)}.id] }).onDelete('${ref.onDelete}'),`);
    }
    lines.push(']);', '');
  }
  return lines.join('\n');
}

function column(c: ColumnModel): string {
  const n = JSON.stringify(c.name);
  let s: string;
  switch (c.type) {
    case 'bigint': s = `bigint(${n}, { mode: 'number' })`; break;
    case 'varchar': s = `varchar(${n}, { length: ${c.length} })`; break;
    case 'timestamp': s = `timestamp(${n}, { withTimezone: true })`; break;
    case 'numeric': s = `numeric(${n}, { precision: 12, scale: 2 })`; break;
    case 'enum': s = `${camel(c.enumName!)}Enum(${n})`; break;
    default: s = `${c.type}(${n})`;
  }
  if (c.primaryKey) s += '.primaryKey()';
  if (c.notNull) s += '.notNull()';
  if (c.unique) s += '.unique()';
  const d = c.default;
  if (d === 'now') s += '.defaultNow()';
  else if (d === 'random') s += '.defaultRandom()';
  else if (d === 'zero') s += '.default(0)';
  else if (d === 'false') s += '.default(false)';
  else if (d === 'true') s += '.default(true)';
  else if (d === 'emptyJson') s += ".default(sql`'{}'::jsonb`)";
  else if (d) s += `.default(${JSON.stringify(d.text)})`;
  if (c.references && !c.references.name) s += `.references(() => ${camel(c.references.table)}.id, { onDelete: '${c.references.onDelete}' })`;
  return s;
}
