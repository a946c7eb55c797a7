import { quoteIdent, type SqlClient } from '../../db/sql-client.js';
import { PRISMA_TABLE } from './load-folder.js';

/** One row of `_prisma_migrations` (Prisma's schema engine writes it; driftgate only reads). */
export interface PrismaRow {
  id: string;
  checksum: string;
  migrationName: string;
  startedAt: string;
  finishedAt: string | null;
  rolledBackAt: string | null;
  appliedStepsCount: number;
  /** The error Prisma recorded when the migration failed. */
  logs: string | null;
}

export interface PrismaTable {
  /** Qualified name, for messages; undefined when no schema has the table. */
  table?: string;
  rows: PrismaRow[];
}

/** Reads `_prisma_migrations` from the schema Prisma uses (the URL's `?schema=`, else public) — or, when that schema
 * has none, from the one schema that does. Names are qualified: the session's search_path is pinned to pg_catalog. */
export async function readPrismaTable(client: SqlClient, preferredSchema: string): Promise<PrismaTable> {
  const schemas = (await client.query<{ nspname: string }>(
    `select n.nspname from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
     where c.relname = $1 and c.relkind in ('r', 'p') order by n.nspname`,
    [PRISMA_TABLE],
  )).map((r) => r.nspname);
  const schema = schemas.includes(preferredSchema) ? preferredSchema : schemas.length === 1 ? schemas[0] : undefined;
  if (!schema) return { rows: [] };
  const table = `${quoteIdent(schema)}.${quoteIdent(PRISMA_TABLE)}`;
  const rows = await client.query<Record<string, unknown>>(
    `select id, checksum, migration_name, started_at::text as started_at, finished_at::text as finished_at,
            rolled_back_at::text as rolled_back_at, applied_steps_count, logs
     from ${table} order by started_at, migration_name`,
  );
  return {
    table,
    rows: rows.map((r) => ({
      id: String(r.id),
      checksum: String(r.checksum),
      migrationName: String(r.migration_name),
      startedAt: String(r.started_at),
      finishedAt: (r.finished_at as string | null) ?? null,
      rolledBackAt: (r.rolled_back_at as string | null) ?? null,
      appliedStepsCount: Number(r.applied_steps_count),
      logs: (r.logs as string | null) ?? null,
    })),
  };
}

/** Prisma's reading of a row: applied (finished, not rolled back), failed (neither finished nor rolled back — it
 * blocks every later migration), or rolled back (kept as audit trail, otherwise ignored). */
export const isApplied = (r: PrismaRow) => r.finishedAt !== null && r.rolledBackAt === null;
export const isFailed = (r: PrismaRow) => r.finishedAt === null && r.rolledBackAt === null;
