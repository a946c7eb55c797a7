/** The one thing introspection and the migrations-table checks need from a database: run a query, get rows.
 * Two implementations: `postgres-client.ts` (a real server, read-only transaction) and the embedded PGlite adapter
 * (src/embedded), whose `db.query(text, params)` returns `{ rows }`. Keep every query PGlite-compatible. */
export interface SqlClient {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Every query runs with search_path pinned to `pg_catalog, pg_temp` (introspect then skips pinning it). */
  readonly pinsSearchPath?: boolean;
}

/** A SQL identifier, double-quoted (for the schema and table names drizzle's config supplies). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
