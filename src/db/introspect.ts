import { emptyCatalog, emptyTable, qualified, type CatalogModel, type TableModel } from './catalog-model.js';
import { canonicalDefault, canonicalType, enumType, looseExpr } from './normalize.js';
import type { SqlClient } from './sql-client.js';
/** Schemas are passed as one JSON parameter: the same text works for postgres.js and PGlite, no array binding. */
const IN_SCHEMAS = `n.nspname in (select pg_catalog.jsonb_array_elements_text(cast($1::text as jsonb)))`;

/** The per-table part of the unfocused read (verify --db): every table of the schemas, one hashed scan per catalog so
 * it stays linear on 1,000+ tables. The replay's per-step read of a few focus tables has its own SQL (FOCUS_TABLES_SQL
 * below). */
interface Scope {
  /** `${col} is one of the tables read`: true, all of them. */
  tableIs(col: string): string;
  /** Objects an extension created (PostGIS tables, pgvector types…) are never reported. */
  notExtension(catalog: string, oid: string): string;
  /** An index that backs a constraint (its constraint is read instead). */
  notConstraintIndex(index: string, table: string): string;
}

const ALL_TABLES: Scope = {
  tableIs: () => 'true',
  notExtension: (catalog, oid) => `${oid} not in (select d.objid from pg_depend d where d.classid = '${catalog}'::regclass and d.deptype = 'e')`,
  // pg_constraint has no index on conindid: a hashed NOT IN keeps this linear in the number of indexes.
  notConstraintIndex: (index) => `${index} not in (select con.conindid from pg_constraint con where con.contype in ('p', 'u', 'x'))`,
};

/** A relation's columns are fetched when it is a (partitioned) table of a requested schema, not a partition, not an
 * extension's. */
const FETCHED_TABLE = (scope: Scope, c: string, n: string) =>
  `${c}.relkind in ('r', 'p') and not ${c}.relispartition and ${n}.nspname in (select pg_catalog.jsonb_array_elements_text(cast($1::text as jsonb))) and ${scope.notExtension('pg_class', `${c}.oid`)}`;

// Rows name their table by oid too (sent as text: postgres.js and PGlite agree on text). No ORDER BY: sorting 11k
// wide rows spilled to disk (work_mem) and cost more than the whole scan; the client orders by attnum.
const RELATIONS_SQL = (scope: Scope, others: boolean) => `
select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind as kind, c.relrowsecurity as rls,
  case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid, true) end as definition,
  s.seqincrement::text as increment,
  c.relkind = 'S' and exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype in ('a', 'i')) as owned
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_sequence s on s.seqrelid = c.oid
where ${IN_SCHEMAS} and c.relkind in (${others ? `'r', 'p', 'v', 'm', 'S'` : `'r', 'p'`}) and not c.relispartition
  and (c.relkind not in ('r', 'p') or ${scope.tableIs('c.oid')})
  and ${scope.notExtension('pg_class', 'c.oid')}`;

const COLUMNS_SQL = (scope: Scope) => `
select a.attrelid::text as rel, a.attnum as num, a.attname as name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) as default, a.attidentity as identity, a.attgenerated as generated,
  (t.typcategory = 'A') as is_array, coalesce(et.typtype, t.typtype) as elem_kind,
  en.nspname as elem_schema, coalesce(et.typname, t.typname) as elem_name
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_type t on t.oid = a.atttypid
left join pg_type et on t.typcategory = 'A' and et.oid = t.typelem
join pg_namespace en on en.oid = coalesce(et.typnamespace, t.typnamespace)
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
where ${scope.tableIs('a.attrelid')} and ${FETCHED_TABLE(scope, 'c', 'n')} and a.attnum > 0 and not a.attisdropped`;

// Plain key columns come back as attnums (named from the column rows); pg_get_indexdef runs only for indexes with
// an expression key (indkey 0) — once per key part it cost more than the rest of the query.
const INDEXES_SQL = (scope: Scope) => `
select c.oid::text as rel, ic.relname as name, i.indisunique as unique, am.amname as method,
  i.indnkeyatts as nkeys, pg_catalog.to_json(i.indkey::int2[]) as attnums, pg_catalog.to_json(i.indoption::int2[]) as options,
  case when 0 = any(i.indkey::int2[]) then
    pg_catalog.to_json(array(select pg_catalog.pg_get_indexdef(i.indexrelid, k, true) from pg_catalog.generate_series(1, i.indnkeyatts::int) k order by k)) end as exprs,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate
from pg_index i
join pg_class c on c.oid = i.indrelid
join pg_class ic on ic.oid = i.indexrelid
join pg_am am on am.oid = ic.relam
join pg_namespace n on n.oid = c.relnamespace
where ${scope.tableIs('i.indrelid')} and ${FETCHED_TABLE(scope, 'c', 'n')}
  and ${scope.notConstraintIndex('i.indexrelid', 'i.indrelid')}`;

/** A constraint's columns besides its table, name, type and keys (both reads of pg_constraint). */
const CONSTRAINT_DETAILS = `  case when con.contype = 'f' then pg_catalog.to_json(array(
    select (select a.attname from pg_attribute a where a.attrelid = con.confrelid and a.attnum = k.num)
    from pg_catalog.unnest(con.confkey) with ordinality k(num, ord) order by k.ord)) end as ref_columns,
  con.confdeltype as on_delete, con.confupdtype as on_update,
  case when con.contype = 'c' then pg_catalog.pg_get_constraintdef(con.oid, true) end as definition,
  case when con.contype = 'u' then
    (select coalesce((pg_catalog.to_jsonb(ix) ->> 'indnullsnotdistinct')::boolean, false) from pg_index ix where ix.indexrelid = con.conindid) end as nulls_not_distinct`;

// The table's own columns come back as attnums (a correlated pg_attribute join per constraint was most of this
// query's time), named from the column rows. Referenced columns are named here, one index lookup per key column: the
// referenced table may be outside the fetched rows (another schema, or the replay's focus).
// pg_get_constraintdef only for CHECKs, pg_index only for UNIQUEs (to_jsonb: indnullsnotdistinct is PG 15+).
const CONSTRAINTS_SQL = (scope: Scope) => `
select c.oid::text as rel, con.conname as name, con.contype as type, pg_catalog.to_json(con.conkey) as keys,
  fn.nspname as ref_schema, fc.relname as ref_table,
${CONSTRAINT_DETAILS}
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_class fc on fc.oid = con.confrelid
left join pg_namespace fn on fn.oid = fc.relnamespace
where ${scope.tableIs('con.conrelid')} and ${FETCHED_TABLE(scope, 'c', 'n')} and con.contype in ('p', 'u', 'f', 'c')`;

const ENUMS_SQL = `
select n.nspname as schema, t.typname as name, pg_catalog.json_agg(e.enumlabel order by e.enumsortorder) as values
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
join pg_enum e on e.enumtypid = t.oid
where ${IN_SCHEMAS} and ${ALL_TABLES.notExtension('pg_type', 't.oid')}
group by n.nspname, t.typname`;

const POLICIES_SQL = (scope: Scope) => `
select c.oid::text as rel, p.polname as name, p.polpermissive as permissive, p.polcmd as cmd,
  pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check
from pg_policy p
join pg_class c on c.oid = p.polrelid
join pg_namespace n on n.oid = c.relnamespace
where ${scope.tableIs('p.polrelid')} and ${IN_SCHEMAS}`;

const SCHEMAS_SQL = `select n.nspname as name from pg_namespace n where ${IN_SCHEMAS}`;

// The replay's per-step read (FOCUS scope), after every migration, as one prepared statement with a generic plan.
// The focus tables are resolved once and every part of them is read by table oid: correlated subqueries, lookups by
// oid in LATERAL … OFFSET 0, NOT EXISTS … OFFSET 0 (kept a per-row index probe, never made an anti-join). Left to
// itself a generic plan hash-joins whole catalogs (all of pg_type, pg_depend) however few the focus tables. Each
// part's rows have the shape of the unfocused read's (COLUMNS_SQL, INDEXES_SQL, CONSTRAINTS_SQL, POLICIES_SQL).

/** $2: the focus tables, a JSON array of [schema, name] pairs. */
const FOCUS_OIDS = `array(select f.oid from pg_catalog.jsonb_array_elements(cast($2::text as jsonb)) x
  join pg_class f on f.relname = x ->> 1 join pg_namespace fn on fn.oid = f.relnamespace and fn.nspname = x ->> 0)`;

/** A focus table's columns (c: the table); the element type's schema only for enums (the only type it names). */
const FOCUS_COLUMNS_SQL = `
select a.attrelid::text as rel, a.attnum as num, a.attname as name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,
  pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) as default, a.attidentity as identity, a.attgenerated as generated,
  t.is_array, coalesce(et.typtype, t.typtype) as elem_kind,
  case when coalesce(et.typtype, t.typtype) = 'e' then
    (select en.nspname from pg_namespace en where en.oid = coalesce(et.typnamespace, t.typnamespace)) end as elem_schema,
  coalesce(et.typname, t.typname) as elem_name
from pg_attribute a
left join pg_attrdef ad on ad.adrelid = a.attrelid and ad.adnum = a.attnum
cross join lateral (select t.typcategory = 'A' as is_array, t.typtype, t.typname, t.typnamespace, t.typelem
  from pg_type t where t.oid = a.atttypid offset 0) t
left join lateral (select et.typtype, et.typname, et.typnamespace from pg_type et where t.is_array and et.oid = t.typelem offset 0) et on true
where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped`;

const FOCUS_INDEXES_SQL = `
select i.indrelid::text as rel, ic.relname as name, i.indisunique as unique, ic.method,
  i.indnkeyatts as nkeys, pg_catalog.to_json(i.indkey::int2[]) as attnums, pg_catalog.to_json(i.indoption::int2[]) as options,
  case when 0 = any(i.indkey::int2[]) then
    pg_catalog.to_json(array(select pg_catalog.pg_get_indexdef(i.indexrelid, k, true) from pg_catalog.generate_series(1, i.indnkeyatts::int) k order by k)) end as exprs,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) as predicate
from pg_index i
cross join lateral (select ic.relname, am.amname as method from pg_class ic join pg_am am on am.oid = ic.relam
  where ic.oid = i.indexrelid offset 0) ic
where i.indrelid = c.oid
  and not exists (select 1 from pg_constraint con where con.conrelid = i.indrelid and con.conindid = i.indexrelid and con.contype in ('p', 'u', 'x') offset 0)`;

const FOCUS_CONSTRAINTS_SQL = `
select con.conrelid::text as rel, con.conname as name, con.contype as type, pg_catalog.to_json(con.conkey) as keys,
  fc.ref_schema, fc.ref_table,
${CONSTRAINT_DETAILS}
from pg_constraint con
left join lateral (select fn.nspname as ref_schema, fc.relname as ref_table from pg_class fc join pg_namespace fn on fn.oid = fc.relnamespace
  where con.contype = 'f' and fc.oid = con.confrelid offset 0) fc on true
where con.conrelid = c.oid and con.contype in ('p', 'u', 'f', 'c')`;

const FOCUS_POLICIES_SQL = `
select p.polrelid::text as rel, p.polname as name, p.polpermissive as permissive, p.polcmd as cmd,
  pg_catalog.pg_get_expr(p.polqual, p.polrelid) as using, pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check
from pg_policy p
where p.polrelid = c.oid`;

/** One row per focus table that is read (a table of a requested schema, not a partition, not an extension's), its
 * parts as JSON arrays (null when none). */
const FOCUS_TABLES_SQL = `
select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind as kind, c.relrowsecurity as rls,
  (select pg_catalog.json_agg(q) from (${FOCUS_COLUMNS_SQL}) q) as columns,
  (select pg_catalog.json_agg(q) from (${FOCUS_INDEXES_SQL}) q) as indexes,
  (select pg_catalog.json_agg(q) from (${FOCUS_CONSTRAINTS_SQL}) q) as constraints,
  (select pg_catalog.json_agg(q) from (${FOCUS_POLICIES_SQL}) q) as policies
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.oid = any(${FOCUS_OIDS}) and c.relkind in ('r', 'p') and not c.relispartition and ${IN_SCHEMAS}
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e' offset 0)`;

/** The views and sequences of the schemas, for a step that may have touched them. Sequences owned by a column (part
 * of their column) are left out here rather than sent and dropped: nearly every sequence is a serial's. */
const FOCUS_OTHER_RELATIONS_SQL = `
select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind as kind,
  case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid, true) end as definition,
  (select s.seqincrement::text from pg_sequence s where s.seqrelid = c.oid) as increment
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('v', 'm', 'S')
  -- compared as int8: as oids the generic plan reads the whole name index (relnamespace is not its first column)
  and c.relnamespace::int8 = any(array(select n.oid::int8 from pg_namespace n where ${IN_SCHEMAS}))
  and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid
    and (d.deptype = 'e' or c.relkind = 'S' and d.deptype in ('a', 'i')) offset 0)`;

/** The enums of the schemas, from pg_enum (a few rows) rather than a scan of pg_type. */
const FOCUS_ENUMS_SQL = `
select n.nspname as schema, t.typname as name, e.values
from (select e.enumtypid, pg_catalog.json_agg(e.enumlabel order by e.enumsortorder) as values from pg_enum e group by e.enumtypid) e
cross join lateral (select t.typname, t.typnamespace from pg_type t where t.oid = e.enumtypid offset 0) t
join pg_namespace n on n.oid = t.typnamespace
where ${IN_SCHEMAS}
  and not exists (select 1 from pg_depend d where d.classid = 'pg_type'::regclass and d.objid = e.enumtypid and d.deptype = 'e' offset 0)`;

const FK_ACTIONS: Record<string, string> = { a: 'no action', r: 'restrict', c: 'cascade', n: 'set null', d: 'set default' };
const POLICY_COMMANDS: Record<string, string> = { '*': 'ALL', r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE' };

type Row = Record<string, any>;

/** postgres.js parses json columns; PGlite too — but be tolerant of a client that hands back text. */
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

export interface IntrospectOptions {
  /** Read the columns, indexes, constraints and policies of these tables only (`schema.name` keys): the replay's
   * per-step focus. Views, sequences, enums and schemas are read whole. */
  tables?: Iterable<string>;
  /** With `tables`: false leaves enums, sequences and views out (a replay step that cannot have touched them). */
  others?: boolean;
}

/** Reads the live catalog of the given schemas into a CatalogModel, with the session's search_path pinned to
 * pg_catalog while it reads: pg_get_expr and format_type print names relative to the search_path, so the real server
 * (pinned for the whole read-only transaction, src/db/postgres-client.ts) and the embedded replay (whose session
 * keeps the migrations' search_path) must print `public.users_id_seq` alike. The replay's own path is given back
 * afterwards, so the migrations after this step run as they would. A client that pins it itself around each
 * statement (`pinsSearchPath`) saves those round trips. */
export async function introspect(client: SqlClient, schemas: Iterable<string>, opts: IntrospectOptions = {}): Promise<CatalogModel> {
  if (client.pinsSearchPath) return readCatalog(client, schemas, opts);
  const [{ path }] = await client.query<{ path: string }>(`select pg_catalog.current_setting('search_path') as path`);
  await client.query(`select pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false)`);
  try {
    return await readCatalog(client, schemas, opts);
  } finally {
    await client.query(`select pg_catalog.set_config('search_path', $1, false)`, [path]);
  }
}

const splitKey = (key: string) => [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];

/** The rows of one read, whichever the scope. */
interface CatalogRows {
  schemaRows: Row[];
  relations: Row[];
  columns: Row[];
  indexes: Row[];
  constraints: Row[];
  enums: Row[];
  policies: Row[];
}

/** Seven queries, issued together (one pipelined round trip on postgres.js, one statement on PGlite), whatever the
 * number of tables. */
async function readAllTables(client: SqlClient, inSchemas: string): Promise<CatalogRows> {
  const param = [inSchemas];
  const [schemaRows, relations, columns, indexes, constraints, enums, policies] = await Promise.all([
    client.query<Row>(SCHEMAS_SQL, param),
    client.query<Row>(RELATIONS_SQL(ALL_TABLES, true), param),
    client.query<Row>(COLUMNS_SQL(ALL_TABLES), param),
    client.query<Row>(INDEXES_SQL(ALL_TABLES), param),
    client.query<Row>(CONSTRAINTS_SQL(ALL_TABLES), param),
    client.query<Row>(ENUMS_SQL, param),
    client.query<Row>(POLICIES_SQL(ALL_TABLES), param),
  ]);
  return { schemaRows, relations, columns, indexes, constraints, enums, policies };
}

/** The focus tables with their parts in one query, plus (`others`) the views, sequences and enums. */
async function readFocusTables(client: SqlClient, inSchemas: string, tables: Iterable<string>, others: boolean): Promise<CatalogRows> {
  const focus = JSON.stringify([...tables].map(splitKey));
  const [schemaRows, focusTables, otherRelations, enums] = await Promise.all([
    client.query<Row>(SCHEMAS_SQL, [inSchemas]),
    client.query<Row>(FOCUS_TABLES_SQL, [inSchemas, focus]),
    others ? client.query<Row>(FOCUS_OTHER_RELATIONS_SQL, [inSchemas]) : [],
    others ? client.query<Row>(FOCUS_ENUMS_SQL, [inSchemas]) : [],
  ]);
  const parts = (part: string) => focusTables.flatMap((t) => json<Row[] | null>(t[part]) ?? []);
  return {
    schemaRows,
    relations: [...focusTables, ...otherRelations],
    columns: parts('columns'),
    indexes: parts('indexes'),
    constraints: parts('constraints'),
    enums,
    policies: parts('policies'),
  };
}

async function readCatalog(client: SqlClient, schemas: Iterable<string>, opts: IntrospectOptions): Promise<CatalogModel> {
  const inSchemas = JSON.stringify([...new Set(schemas)]);
  const { schemaRows, relations, columns, indexes, constraints, enums, policies } = opts.tables
    ? await readFocusTables(client, inSchemas, opts.tables, opts.others !== false)
    : await readAllTables(client, inSchemas);
  const model = emptyCatalog();
  for (const r of schemaRows) model.schemas.add(r.name);
  const tablesByOid = new Map<string, TableModel>();
  for (const r of relations) {
    const key = qualified(r.schema, r.name);
    if (r.kind === 'r' || r.kind === 'p') {
      const t = { ...emptyTable(r.schema, r.name), rlsEnabled: r.rls === true };
      model.tables.set(key, t);
      tablesByOid.set(r.oid, t);
    } else if (r.kind === 'v' || r.kind === 'm') model.views.set(key, { schema: r.schema, name: r.name, materialized: r.kind === 'm', definition: r.definition ?? undefined });
    // Sequences owned by serial/identity columns are part of their column, not objects of their own.
    else if (r.kind === 'S' && !r.owned) model.sequences.set(key, { schema: r.schema, name: r.name, increment: r.increment ?? undefined });
  }
  // attnum → name per table oid, for the index and constraint rows (which send attnums).
  const names = new Map<string, Map<number, string>>();
  const nameOf = (rel: string, num: number) => names.get(rel)?.get(num);
  // Column maps are in column order: insert by attnum (the query does not sort).
  columns.sort((a, b) => a.num - b.num);
  for (const r of columns) {
    const t = tablesByOid.get(r.rel);
    if (!t) continue;
    let byNum = names.get(r.rel);
    if (!byNum) names.set(r.rel, (byNum = new Map()));
    byNum.set(Number(r.num), r.name);
    const type = r.elem_kind === 'e' ? enumType(r.elem_schema, r.elem_name, r.is_array === true) : canonicalType(r.type);
    const generated = r.generated === 's' ? (r.default as string) : undefined;
    t.columns.set(r.name, {
      name: r.name,
      type,
      notNull: r.not_null === true,
      ...(generated
        ? { generated: looseExpr(generated, t.name), generatedText: generated }
        : r.default != null
          ? { default: canonicalDefault(r.default, t.name), defaultText: r.default }
          : {}),
      ...(r.identity === 'a' ? { identity: 'always' as const } : r.identity === 'd' ? { identity: 'byDefault' as const } : {}),
    });
  }
  for (const r of indexes) {
    const t = tablesByOid.get(r.rel);
    if (!t) continue;
    const options = json<number[]>(r.options);
    const attnums = json<number[]>(r.attnums);
    const exprs = r.exprs == null ? undefined : json<string[]>(r.exprs);
    const keys: string[] = [];
    for (let i = 0; i < Number(r.nkeys); i++) {
      const text = exprs?.[i] ?? nameOf(r.rel, attnums[i]) ?? String(attnums[i]);
      keys.push(indexKey(looseExpr(text, t.name), (options[i] & 1) === 0, (options[i] & 2) !== 0));
    }
    t.indexes.set(r.name, { name: r.name, unique: r.unique === true, method: r.method, keys, where: r.predicate ? looseExpr(r.predicate, t.name) : '' });
  }
  for (const r of constraints) {
    const t = tablesByOid.get(r.rel);
    if (!t) continue;
    const cols = (json<number[] | null>(r.keys) ?? []).map((n) => nameOf(r.rel, n) ?? String(n));
    if (r.type === 'p') t.primaryKey = { name: r.name, columns: cols };
    else if (r.type === 'u') t.uniques.set(r.name, { name: r.name, columns: cols, nullsNotDistinct: r.nulls_not_distinct === true });
    else if (r.type === 'f') {
      t.foreignKeys.set(r.name, {
        name: r.name,
        columns: cols,
        references: qualified(r.ref_schema, r.ref_table),
        referencedColumns: json<string[]>(r.ref_columns),
        onDelete: FK_ACTIONS[r.on_delete] ?? r.on_delete,
        onUpdate: FK_ACTIONS[r.on_update] ?? r.on_update,
      });
    } else if (r.type === 'c') {
      const text = String(r.definition).replace(/^CHECK\s*/i, '').replace(/\s+NOT VALID$/i, '');
      t.checks.set(r.name, { name: r.name, expression: looseExpr(text, t.name), text });
    }
  }
  for (const r of enums) model.enums.set(qualified(r.schema, r.name), { schema: r.schema, name: r.name, values: json<string[]>(r.values) });
  for (const r of policies) {
    tablesByOid.get(r.rel)?.policies.set(r.name, {
      name: r.name,
      as: r.permissive === false ? 'RESTRICTIVE' : 'PERMISSIVE',
      for: POLICY_COMMANDS[r.cmd] ?? String(r.cmd),
      using: r.using ?? null,
      withCheck: r.with_check ?? null,
    });
  }
  return model;
}

/** Canonical index key part: expression, then `desc` / `nulls first|last` only where they differ from the default
 * (ASC NULLS LAST, DESC NULLS FIRST) — as pg_get_indexdef prints them. */
export function indexKey(expr: string, asc: boolean, nullsFirst: boolean): string {
  let key = expr;
  if (!asc) key += ' desc';
  if (asc && nullsFirst) key += ' nulls first';
  if (!asc && !nullsFirst) key += ' nulls last';
  return key;
}
