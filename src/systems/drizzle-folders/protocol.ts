import type { SchemaResult } from '../drizzle-kit/protocol.js';

/** Messages between driftgate and its drizzle-kit 1.0 generator worker (worker-v1.ts). */

/** Regenerate one migration of a 1.0 folder: the SQL drizzle-kit writes from its parents' state to its own. */
export interface V1GenerateJob {
  /** The migration's folder name. */
  id: string;
  /** `snapshot.json` of the migration and of every ancestor, by folder name (what `reconstruct` reads). */
  files: Record<string, unknown>;
  /** The migration's snapshot id and parents (the all-zero id for the first migration). */
  curId: string;
  prevIds: string[];
}

export type V1GenerateResult =
  | { id: string; mode: 'exact'; statements: string[]; hints: number }
  | { id: string; mode: 'error'; message: string };

/** schema/out-of-sync on a 1.0 folder: the schema modules' DDL (`generateDrizzleJson`) diffed against the state
 * `drizzle-kit generate` starts from — the combined state of the folder's leaf snapshots. */
export interface V1SchemaJob {
  /** Schema modules (absolute paths). */
  files: string[];
  /** `snapshot.json` of every migration, by folder name (what `reconstruct` reads). */
  snapshots: Record<string, unknown>;
  /** Snapshot ids no other snapshot names as a parent; empty for a folder without migrations. */
  leafIds: string[];
}

export type V1WorkerRequest =
  | { type: 'generate'; jobs: V1GenerateJob[] }
  | { type: 'schema'; job: V1SchemaJob }
  /** Load these schema modules now, while the parent still reads git; no reply. */
  | { type: 'preload'; files: string[] };

export type V1WorkerResponse =
  | { type: 'ready'; version: string }
  | { type: 'unavailable'; message: string }
  | { type: 'generated'; results: V1GenerateResult[] }
  | { type: 'schema'; result: SchemaResult };
