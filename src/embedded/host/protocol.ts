/** Messages between the main thread and the worker that hosts PGlite (see worker-host.ts). Plain data only: they
 * cross a worker_threads channel by structured clone. */

/** The worker's first message: which database to start. */
export interface HostInit {
  /** A data directory dumped as tar (the cached template, or a cached replay state) that PGlite loads into memory;
   * absent: initdb in memory (building the template). */
  load?: string;
  /** Extension names as `CREATE EXTENSION` spells them ("vector", "uuid-ossp"). */
  extensions: string[];
  /** initdb flags (building the template). */
  initDbStartParams?: string[];
  relaxedDurability: boolean;
}

export type HostCall =
  | { op: 'query'; text: string; params: unknown[] }
  | { op: 'raw'; text: string; params: unknown[] }
  | { op: 'exec'; text: string }
  /** Checkpoint and write the data directory, as tar, to `path`. */
  | { op: 'dump'; path: string };
export type HostRequest = HostCall & { id: number };

/** A Postgres error as PGlite raises it, reduced to its fields (message, code, position, detail, hint, …). */
export type HostError = { message: string } & Record<string, string | number | undefined>;

export type HostResult = { rows: Record<string, unknown>[]; affectedRows?: number };

/** A `raw` query's answer, as a wire-protocol driver sees it: each row an array of text values (null for NULL),
 * with every column's type id — what a driver adapter (Prisma's) needs to do its own value conversions. */
export type RawResult = { fields: { name: string; dataTypeID: number }[]; rows: (string | null)[][]; affectedRows?: number };

export type HostReply =
  | { type: 'ready'; unavailable: string[]; serverVersion: string }
  | { type: 'fatal'; error: HostError }
  | { type: 'reply'; id: number; ok: true; result: HostResult | HostResult[] | RawResult | null }
  | { type: 'reply'; id: number; ok: false; error: HostError };
