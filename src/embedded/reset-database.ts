import type { EmbeddedPg } from './host/worker-host.js';
import { quoteIdent } from '../db/sql-client.js';

/** What a database holds before the replay (the platform preamble, or a state restored from the replay cache): the
 * objects a reset keeps. */
export interface DatabaseMark {
  schemas: Set<string>;
  extensions: Set<string>;
  /** The highest oid of any relation, routine or type: Postgres gives every later object a higher one (its oid
   * counter only grows, short of a wraparound after four billion objects), so this marks them all without listing
   * the thousands that exist (a 300-migration state). */
  maxOid: number;
}

const USER_SCHEMA = `n.nspname not like 'pg\\_%' and n.nspname <> 'information_schema'`;
const NOT_EXTENSION_MEMBER = (catalog: string) => `not exists (select 1 from pg_depend d where d.classid = '${catalog}'::regclass and d.objid = o.oid and d.deptype = 'e')`;

const OBJECTS_SQL = `
select 'rel' as what, o.oid::text as oid, n.nspname as schema, o.relname as name, o.relkind::text as kind
  from pg_class o join pg_namespace n on n.oid = o.relnamespace
  where ${USER_SCHEMA} and o.relkind in ('r', 'p', 'v', 'm', 'S', 'f') and not o.relispartition and ${NOT_EXTENSION_MEMBER('pg_class')}
union all
select 'fn', o.oid::text, n.nspname, format('%I.%I(%s)', n.nspname, o.proname, pg_get_function_identity_arguments(o.oid)), o.prokind::text
  from pg_proc o join pg_namespace n on n.oid = o.pronamespace
  where ${USER_SCHEMA} and ${NOT_EXTENSION_MEMBER('pg_proc')}
union all
select 'type', o.oid::text, n.nspname, o.typname, o.typtype::text
  from pg_type o join pg_namespace n on n.oid = o.typnamespace
  where ${USER_SCHEMA} and o.typtype in ('e', 'd', 'r') and ${NOT_EXTENSION_MEMBER('pg_type')}`;

type Row = { what: string; oid: string; schema: string; name: string; kind: string };

async function namespaces(pg: EmbeddedPg): Promise<{ schemas: string[]; extensions: string[] }> {
  const schemas = (await pg.query<{ name: string }>(`select n.nspname as name from pg_namespace n where ${USER_SCHEMA}`)).rows.map((r) => r.name);
  const extensions = (await pg.query<{ name: string }>(`select extname as name from pg_extension`)).rows.map((r) => r.name);
  return { schemas, extensions };
}

// each max() is one step down the catalog's oid index
const MAX_OID_SQL = `select greatest((select max(oid) from pg_class), (select max(oid) from pg_proc), (select max(oid) from pg_type))::text as oid`;

export async function markDatabase(pg: EmbeddedPg): Promise<DatabaseMark> {
  const now = await namespaces(pg);
  const { rows } = await pg.query<{ oid: string }>(MAX_OID_SQL);
  return { schemas: new Set(now.schemas), extensions: new Set(now.extensions), maxOid: Number(rows[0]?.oid ?? 0) };
}

const RELATION_KIND: Record<string, string> = { r: 'TABLE', p: 'TABLE', v: 'VIEW', m: 'MATERIALIZED VIEW', S: 'SEQUENCE', f: 'FOREIGN TABLE' };

/** Drops what was created since `mark`: drizzle's single transaction rolls back on failure, but a migration with
 * its own COMMIT (see sql/transaction-control) leaves everything before it committed. New schemas and extensions
 * go with CASCADE, then new relations, routines and types in the schemas that were there. */
export async function resetToMark(pg: EmbeddedPg, mark: DatabaseMark): Promise<void> {
  const now = { ...(await namespaces(pg)), objects: (await pg.query<Row>(OBJECTS_SQL)).rows };
  const statements: string[] = [];
  for (const schema of now.schemas) if (!mark.schemas.has(schema)) statements.push(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  for (const extension of now.extensions) if (!mark.extensions.has(extension)) statements.push(`DROP EXTENSION IF EXISTS ${quoteIdent(extension)} CASCADE`);
  for (const o of now.objects) {
    if (Number(o.oid) <= mark.maxOid || !mark.schemas.has(o.schema)) continue;
    if (o.what === 'rel') statements.push(`DROP ${RELATION_KIND[o.kind]} IF EXISTS ${quoteIdent(o.schema)}.${quoteIdent(o.name)} CASCADE`);
    else if (o.what === 'fn') statements.push(`DROP ${o.kind === 'p' ? 'PROCEDURE' : o.kind === 'a' ? 'AGGREGATE' : 'FUNCTION'} IF EXISTS ${o.name} CASCADE`);
    else statements.push(`DROP TYPE IF EXISTS ${quoteIdent(o.schema)}.${quoteIdent(o.name)} CASCADE`);
  }
  for (const statement of statements) {
    try {
      await pg.exec(statement);
    } catch {
      // already gone with an earlier CASCADE
    }
  }
}
