import type { TableSize } from '../safety/safety-scope.js';
import type { SqlClient } from './sql-client.js';

/** What the safety rules learn from a live database: each table's size and the server's major version. */
export interface DatabaseFacts {
  sizes: Map<string, TableSize>;
  postgresVersion: number;
}

// Read-only catalog query, every name qualified with pg_catalog (whatever the session's search_path).
const SIZES = `select n.nspname as schema, c.relname as name, c.reltuples::float8 as rows,
  pg_catalog.pg_total_relation_size(c.oid)::float8 as bytes, pg_catalog.pg_relation_size(c.oid)::float8 as heap
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p') and n.nspname <> 'information_schema' and n.nspname not like 'pg\\_%'`;

export async function readDatabaseFacts(client: SqlClient): Promise<DatabaseFacts> {
  const rows = await client.query<{ schema: string; name: string; rows: number; bytes: number; heap: number }>(SIZES);
  const [version] = await client.query<{ v: string }>(`select pg_catalog.current_setting('server_version_num') as v`);
  const sizes = new Map<string, TableSize>();
  for (const r of rows) sizes.set(`${r.schema}.${r.name}`, { rows: Number(r.rows), bytes: Number(r.bytes), heapBytes: Number(r.heap) });
  return { sizes, postgresVersion: Math.floor(Number(version?.v ?? 150000) / 10000) };
}

/** Facts of several databases of one target (local, staging, prod): the largest size of each table, the oldest
 * server — what is safe everywhere. */
export function mergeDatabaseFacts(all: DatabaseFacts[]): DatabaseFacts | undefined {
  if (all.length === 0) return undefined;
  const sizes = new Map<string, TableSize>();
  for (const facts of all) {
    for (const [key, size] of facts.sizes) {
      const known = sizes.get(key);
      if (!known || size.bytes > known.bytes) sizes.set(key, size);
    }
  }
  return { sizes, postgresVersion: Math.min(...all.map((f) => f.postgresVersion)) };
}

/** Collects each target's database facts while verify checks its databases; the static (safety) rules wait for
 * them. `finish` settles every target, with or without facts. */
export class DatabaseFactsCollector {
  private readonly found = new Map<string, DatabaseFacts[]>();
  private settle!: () => void;
  private readonly settled = new Promise<void>((resolve) => (this.settle = resolve));

  add(target: string, facts: DatabaseFacts | undefined): void {
    if (facts) this.found.set(target, [...(this.found.get(target) ?? []), facts]);
  }

  finish(): void {
    this.settle();
  }

  async of(target: string): Promise<DatabaseFacts | undefined> {
    await this.settled;
    return mergeDatabaseFacts(this.found.get(target) ?? []);
  }
}
