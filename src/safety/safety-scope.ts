import type { DeployTrace } from '../embedded/trace-deploy.js';

/** A table's size as the database reports it (verify --db). */
export interface TableSize {
  /** pg_total_relation_size: heap, indexes and TOAST. */
  bytes: number;
  /** pg_relation_size of the heap alone: 0 means the table has no rows at all. */
  heapBytes: number;
  /** pg_class.reltuples; -1 when the table was never analysed. */
  rows: number;
}

/** Which migrations the safety rules judge, and what they know about the target database. */
export interface SafetyScope {
  /** Migrations whose statements are judged. */
  judged: Set<string>;
  /** Migrations no database has applied yet (judged ones included): what they create is new. */
  fresh: Set<string>;
  /** `--all`: every migration judged alone, as if it were the only new one. */
  each: boolean;
  postgresVersion: number;
  /** How the judged set was chosen, for the run's notes ("2 new migrations, not on origin/main"). */
  reason?: string;
  /** Sizes by `schema.table`, when a database was asked. */
  tableSizes?: Map<string, TableSize>;
  /** The embedded replay's trace of the new migrations' deploy: the locks each statement took, the tables it
   * rewrote. */
  trace?: DeployTrace;
}

export const DEFAULT_POSTGRES_VERSION = 15;
