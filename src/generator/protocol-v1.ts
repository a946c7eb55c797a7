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

export type V1WorkerRequest = { type: 'generate'; jobs: V1GenerateJob[] };

export type V1WorkerResponse =
  | { type: 'ready'; version: string }
  | { type: 'unavailable'; message: string }
  | { type: 'generated'; results: V1GenerateResult[] };
