/** Messages between driftgate and its generator worker (a child process that loads the project's drizzle-kit). */

/** Regenerate one migration: the SQL drizzle-kit writes going from `prev` to `cur`. */
export interface GenerateJob {
  id: string;
  prev: Record<string, unknown> | null;
  cur: Record<string, unknown>;
}

/** Build the schema's snapshot from the schema modules and diff it against the latest snapshot. */
export interface SchemaJob {
  files: string[];
  /** The latest snapshot of the folder, or null for a folder without migrations. */
  latest: Record<string, unknown> | null;
  casing?: string;
  /** drizzle config file, read for `casing` when `casing` is not given. */
  configFile?: string;
}

export type WorkerRequest =
  | { type: 'generate'; jobs: GenerateJob[] }
  | { type: 'schema'; job: SchemaJob }
  /** Load these schema modules now, while the parent still reads git; no reply (a later schema job reuses them). */
  | { type: 'preload'; files: string[] };

export type GenerateResult =
  | { id: string; mode: 'exact'; statements: string[] }
  /** The diff both adds and removes entities of one kind: drizzle-kit would ask "rename or create?". `statements`
   * is the create/drop interpretation; `added`/`removed` are the names involved. */
  | { id: string; mode: 'ambiguous'; statements: string[]; added: string[]; removed: string[] }
  | { id: string; mode: 'error'; message: string };

export type SchemaResult =
  | { inSync: true }
  | { inSync: false; statements: string[]; ambiguous?: { added: string[]; removed: string[] } }
  | { error: string };

export type WorkerResponse =
  | { type: 'ready'; version: string }
  | { type: 'unavailable'; message: string }
  | { type: 'generated'; results: GenerateResult[] }
  | { type: 'schema'; result: SchemaResult };
