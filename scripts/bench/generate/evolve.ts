import type { Rng } from './rng.js';
import { MAX_IDENTIFIER, type ColumnModel, type ColumnType, type EnumModel, type IndexModel, type SchemaModel, type TableModel } from './schema-model.js';

/** One migration's worth of schema change, as a developer would make it between two `drizzle-kit generate` runs. */
export interface Step {
  /** The `--name` of the migration (the tag's suffix). */
  name: string;
  schema: SchemaModel;
  /** Set for a `drizzle-kit generate --custom` migration: the SQL the developer wrote into it. */
  customSql?: string;
}

const DOMAINS = ['billing', 'crm', 'auth', 'catalog', 'inventory', 'shipping', 'support', 'analytics', 'content', 'hr', 'finance', 'marketing', 'ops', 'audit', 'search', 'media', 'social', 'payments', 'orders', 'projects'];
const NOUNS = ['accounts', 'invoices', 'customers', 'contacts', 'sessions', 'tokens', 'products', 'variants', 'prices', 'stock_levels', 'warehouses', 'shipments', 'parcels', 'tickets', 'replies', 'events', 'metrics', 'reports', 'pages', 'articles', 'employees', 'teams', 'ledgers', 'entries', 'campaigns', 'segments', 'jobs', 'runs', 'logs', 'changes', 'queries', 'documents', 'images', 'videos', 'posts', 'comments', 'likes', 'refunds', 'charges', 'payouts', 'line_items', 'carts', 'tasks', 'milestones', 'labels', 'notes', 'attachments', 'webhooks', 'api_keys', 'settings', 'members', 'roles', 'permissions', 'addresses', 'subscriptions', 'plans', 'coupons', 'reviews', 'orders', 'files'];
/** Column names by type, so a generated schema reads like a real one. */
const COLUMN_NAMES: Record<Exclude<ColumnType, 'serial' | 'enum'>, string[]> = {
  text: ['description', 'notes', 'title', 'reason', 'body', 'summary', 'address_line', 'comment'],
  varchar: ['email', 'slug', 'status', 'currency', 'external_ref', 'country_code', 'locale', 'timezone', 'phone', 'url', 'color', 'display_name', 'channel', 'source', 'kind', 'name', 'code'],
  integer: ['quantity', 'priority', 'position', 'score', 'rating', 'attempts', 'sort_key', 'version'],
  bigint: ['amount_cents', 'size_bytes', 'view_count', 'total_cents'],
  boolean: ['archived', 'verified', 'is_public', 'enabled', 'paid'],
  timestamp: ['started_at', 'finished_at', 'expires_at', 'published_at', 'deleted_at', 'last_seen_at'],
  uuid: ['external_id', 'public_id', 'request_id', 'correlation_id'],
  jsonb: ['metadata', 'payload', 'settings', 'attributes'],
  numeric: ['tax_rate', 'discount', 'weight', 'price', 'balance'],
};
const TYPES = ['text', 'varchar', 'integer', 'bigint', 'boolean', 'timestamp', 'uuid', 'jsonb', 'numeric', 'text', 'varchar', 'varchar', 'integer'] as const;
const ENUM_VALUES = ['draft', 'pending', 'active', 'paused', 'archived', 'failed', 'done', 'cancelled', 'review', 'blocked', 'queued', 'expired'];

export const KINDS = ['createTables', 'addColumns', 'addIndex', 'alterColumn', 'dropColumn', 'enum', 'enumValue', 'dropTable', 'custom'] as const;
export type Kind = (typeof KINDS)[number];
const WEIGHTS: Record<Kind, number> = { createTables: 30, addColumns: 20, addIndex: 10, alterColumn: 8, dropColumn: 5, enum: 3, enumValue: 2, dropTable: 2, custom: 8 };

function newColumn(rng: Rng, taken: Set<string>, enums: readonly EnumModel[]): ColumnModel {
  const unique = (base: string) => {
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  };
  if (enums.length && rng.chance(0.1)) {
    const e = rng.pick(enums);
    return { name: unique(e.name.endsWith('_state') ? 'state' : 'phase'), type: 'enum', enumName: e.name, notNull: rng.chance(0.5) };
  }
  const type = rng.pick(TYPES);
  const name = unique(rng.pick(COLUMN_NAMES[type]));
  const col: { -readonly [K in keyof ColumnModel]: ColumnModel[K] } = { name, type };
  if (type === 'varchar') col.length = rng.pick([32, 64, 128, 255]);
  if (rng.chance(0.35)) col.notNull = true;
  if (type === 'timestamp' && rng.chance(0.5)) col.default = 'now';
  if (type === 'uuid' && rng.chance(0.5)) col.default = 'random';
  if (type === 'integer' && rng.chance(0.4)) col.default = 'zero';
  if (type === 'boolean') col.default = rng.chance(0.5) ? 'false' : 'true';
  if (type === 'jsonb' && rng.chance(0.6)) col.default = 'emptyJson';
  if (type === 'text' && rng.chance(0.15)) col.default = { text: rng.pick(['', 'n/a', 'unknown']) };
  if ((type === 'varchar' || type === 'uuid') && rng.chance(0.08)) col.unique = true; // drizzle names it <table>_<column>_unique: see fitUnique
  return col;
}

/** A name of at most 63 bytes ending in `suffix` (a developer shortening a long index or constraint name). */
function fitName(base: string, suffix: string): string {
  return base.slice(0, MAX_IDENTIFIER - suffix.length) + suffix;
}

/** Drops `.unique()` where drizzle's implicit constraint name would be too long (the developer would notice and not use it). */
function fitUnique(table: string, columns: ColumnModel[]): ColumnModel[] {
  return columns.map((c) => (c.unique && `${table}_${c.name}_unique`.length > MAX_IDENTIFIER ? { ...c, unique: undefined } : c));
}

function newTable(rng: Rng, schema: SchemaModel, taken: Set<string>): TableModel {
  let name = `${rng.pick(DOMAINS)}_${rng.pick(NOUNS)}`;
  for (let n = 2; taken.has(name); n++) name = `${rng.pick(DOMAINS)}_${rng.pick(NOUNS)}_${n}`;
  taken.add(name);
  const columns: ColumnModel[] = [{ name: 'id', type: 'serial', primaryKey: true }];
  const names = new Set(['id', 'created_at', 'updated_at']);
  const indexes: IndexModel[] = [];
  const fks = schema.tables.length ? rng.int(0, 2) : 0;
  for (let i = 0; i < fks; i++) {
    const target = rng.pick(schema.tables).name;
    const col = `${target}_id`;
    if (names.has(col)) continue;
    names.add(col);
    const notNull = rng.chance(0.6);
    const fkName = `${name}_${col}_${target}_id_fk`; // drizzle's default
    const references = { table: target, onDelete: notNull ? 'cascade' : 'set null', ...(fkName.length > MAX_IDENTIFIER ? { name: fitName(`${name}_${target}`, '_fk') } : {}) } as const;
    columns.push({ name: col, type: 'integer', notNull, references });
    indexes.push({ name: fitName(`${name}_${col}`, '_idx'), columns: [col], unique: false });
  }
  for (let i = rng.int(3, 12); i > 0; i--) columns.push(newColumn(rng, names, schema.enums));
  columns.push({ name: 'created_at', type: 'timestamp', notNull: true, default: 'now' }, { name: 'updated_at', type: 'timestamp' });
  if (rng.chance(0.5)) indexes.push({ name: fitName(`${name}_created_at`, '_idx'), columns: ['created_at'], unique: false });
  return { name, columns: fitUnique(name, columns), indexes };
}

/** Columns a step may drop or alter: not the key, not a foreign key, not indexed. */
function plainColumns(t: TableModel): ColumnModel[] {
  const indexed = new Set(t.indexes.flatMap((i) => i.columns));
  return t.columns.filter((c) => !c.primaryKey && !c.references && !indexed.has(c.name) && c.name !== 'created_at' && c.type !== 'enum');
}

function replaceTable(schema: SchemaModel, table: TableModel): SchemaModel {
  return { ...schema, tables: schema.tables.map((t) => (t.name === table.name ? table : t)) };
}

function pickKind(rng: Rng, schema: SchemaModel, maxTables: number): Kind {
  // new tables get rarer as the schema grows: mature projects mostly alter what they have
  const weights = KINDS.map((k) => (k === 'createTables' ? WEIGHTS[k] * Math.max(0, 1 - schema.tables.length / maxTables) : WEIGHTS[k]));
  let r = rng.next() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < KINDS.length; i++) if ((r -= weights[i]) < 0) return KINDS[i];
  return 'addColumns';
}

/**
 * The schema after migration number `index`. Each step makes ONE kind of change, never a drop and an add of the same
 * kind together: the drizzle-kit CLI would ask "rename or create?" for that, and the bench must match the CLI exactly.
 */
export function evolve(schema: SchemaModel, rng: Rng, index: number, maxTables: number, forced?: Kind): Step {
  const tableNames = new Set(schema.tables.map((t) => t.name));
  if (index === 0) {
    let next = schema;
    for (let i = 0; i < 3; i++) next = { ...next, tables: [...next.tables, newTable(rng, next, tableNames)] };
    return { name: 'init', schema: next };
  }
  const kind = forced ?? pickKind(rng, schema, maxTables);
  const table = rng.pick(schema.tables);
  switch (kind) {
    case 'createTables': {
      let next = schema;
      for (let i = rng.int(1, 2); i > 0 && next.tables.length < maxTables; i--) next = { ...next, tables: [...next.tables, newTable(rng, next, tableNames)] };
      return { name: `create_${next.tables.at(-1)!.name}`, schema: next };
    }
    case 'addColumns': {
      const names = new Set(table.columns.map((c) => c.name));
      const added = Array.from({ length: rng.int(1, 3) }, () => newColumn(rng, names, schema.enums));
      // A new NOT NULL column needs a default on a table that has rows.
      const safe = fitUnique(table.name, added).map((c) => (c.notNull && !c.default && c.type !== 'enum' ? { ...c, notNull: false } : c.notNull && c.type === 'enum' ? { ...c, notNull: false } : c));
      return { name: `add_${safe[0].name}_to_${table.name}`, schema: replaceTable(schema, { ...table, columns: [...table.columns, ...safe] }) };
    }
    case 'addIndex': {
      const candidates = table.columns.filter((c) => !c.primaryKey && c.type !== 'jsonb' && !table.indexes.some((i) => i.columns[0] === c.name));
      if (!candidates.length) return evolve(schema, rng, index, maxTables);
      const col = rng.pick(candidates);
      const unique = col.type === 'uuid' && rng.chance(0.5);
      const idx: IndexModel = { name: fitName(`${table.name}_${col.name}`, unique ? '_key' : '_idx'), columns: [col.name], unique };
      return { name: `index_${table.name}_${col.name}`, schema: replaceTable(schema, { ...table, indexes: [...table.indexes, idx] }) };
    }
    case 'alterColumn': {
      const candidates = plainColumns(table);
      if (!candidates.length) return evolve(schema, rng, index, maxTables);
      const col = rng.pick(candidates);
      const changed: ColumnModel =
        col.type === 'varchar' ? { ...col, length: (col.length ?? 64) * 2 } : col.notNull ? { ...col, notNull: false } : { ...col, notNull: true, default: col.default ?? defaultFor(col) };
      return {
        name: `alter_${table.name}_${col.name}`,
        schema: replaceTable(schema, { ...table, columns: table.columns.map((c) => (c === col ? changed : c)) }),
      };
    }
    case 'dropColumn': {
      const candidates = plainColumns(table).filter((c) => c.name !== 'updated_at');
      if (!candidates.length) return evolve(schema, rng, index, maxTables);
      const col = rng.pick(candidates);
      return { name: `drop_${table.name}_${col.name}`, schema: replaceTable(schema, { ...table, columns: table.columns.filter((c) => c !== col) }) };
    }
    case 'enumValue':
    case 'enum': {
      const existing = kind === 'enumValue' ? schema.enums.find((e) => e.values.length < ENUM_VALUES.length) : undefined;
      if (existing) {
        const value = ENUM_VALUES.find((v) => !existing.values.includes(v))!;
        const grown = { ...existing, values: [...existing.values, value] };
        return { name: `enum_${existing.name}_add_${value}`, schema: { ...schema, enums: schema.enums.map((e) => (e === existing ? grown : e)) } };
      }
      let name = `${table.name}_state`;
      for (let n = 2; schema.enums.some((e) => e.name === name); n++) name = `${table.name}_state_${n}`;
      const created: EnumModel = { name, values: ENUM_VALUES.slice(0, rng.int(2, 5)) };
      const col: ColumnModel = { name: `state${table.columns.some((c) => c.name === 'state') ? `_${index}` : ''}`, type: 'enum', enumName: name };
      return {
        name: `add_${name}`,
        schema: replaceTable({ ...schema, enums: [...schema.enums, created] }, { ...table, columns: [...table.columns, col] }),
      };
    }
    case 'dropTable': {
      const referenced = new Set(schema.tables.flatMap((t) => t.columns.flatMap((c) => (c.references ? [c.references.table] : []))));
      const candidates = schema.tables.filter((t) => !referenced.has(t.name));
      if (candidates.length < 2 || schema.tables.length < 4) return evolve(schema, rng, index, maxTables);
      const gone = rng.pick(candidates);
      return { name: `drop_${gone.name}`, schema: { ...schema, tables: schema.tables.filter((t) => t !== gone) } };
    }
    case 'custom': {
      const col = plainColumns(table).find((c) => c.type === 'text' || c.type === 'varchar');
      const sql = col
        ? `-- backfill: normalise ${col.name}\nUPDATE "${table.name}" SET "${col.name}" = lower("${col.name}") WHERE "${col.name}" IS NOT NULL;`
        : `-- backfill: touch rows created before the cut-over\nUPDATE "${table.name}" SET "updated_at" = now() WHERE "updated_at" IS NULL;`;
      return { name: `backfill_${table.name}`, schema, customSql: sql };
    }
  }
}

function defaultFor(c: ColumnModel): ColumnModel['default'] {
  switch (c.type) {
    case 'timestamp': return 'now';
    case 'uuid': return 'random';
    case 'integer': return 'zero';
    case 'boolean': return 'false';
    case 'jsonb': return 'emptyJson';
    case 'text': return { text: '' };
    case 'varchar': return { text: '' };
    default: return undefined;
  }
}
