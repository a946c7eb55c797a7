import type { SqlClient } from '../../db/sql-client.js';

/** The CLI's history table; the CLI has no setting to move it. */
export const HISTORY_TABLE = 'supabase_migrations.schema_migrations';

/** One row as the CLI wrote it: `statements` is null on rows written by very old CLIs (before the column existed). */
export interface HistoryRow {
  version: string;
  name: string;
  statements: string[] | null;
}

export interface History {
  exists: boolean;
  /** In the CLI's order (`ORDER BY version`, text order). */
  rows: HistoryRow[];
}

/** Reads the history table: one existence probe, one select; names schema-qualified (search_path is pinned). */
export async function readHistory(client: SqlClient): Promise<History> {
  const [found] = await client.query<{ present: boolean; statements: boolean; name: boolean }>(
    `select pg_catalog.to_regclass($1) is not null as present,
            exists (select 1 from pg_catalog.pg_attribute where attrelid = pg_catalog.to_regclass($1) and attname = 'statements' and not attisdropped) as statements,
            exists (select 1 from pg_catalog.pg_attribute where attrelid = pg_catalog.to_regclass($1) and attname = 'name' and not attisdropped) as name`,
    [HISTORY_TABLE],
  );
  if (!found?.present) return { exists: false, rows: [] };
  const rows = await client.query<{ version: unknown; name: unknown; statements: unknown }>(
    `select version, ${found.name ? 'name' : "''::text as name"}, ${found.statements ? 'statements' : 'null::text[] as statements'} from ${HISTORY_TABLE} order by version`,
  );
  return {
    exists: true,
    rows: rows.map((r) => ({
      version: String(r.version),
      name: r.name == null ? '' : String(r.name),
      statements: Array.isArray(r.statements) ? r.statements.map(String) : null,
    })),
  };
}
