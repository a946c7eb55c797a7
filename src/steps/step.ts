import type { Finding } from '../types.js';

/** What one pre-push/verify step ended with. `failed` blocks the push; `skipped` and `warn` do not. */
export interface StepOutcome {
  status: 'ok' | 'failed' | 'skipped' | 'warn';
  /** A few words for the task list: "in sync", "2 errors", "no tsconfig.json". */
  summary?: string;
  /** Output to show after the task list when the step failed (compiler errors, a command's output). */
  output?: string;
  /** Findings the step produced (they go into the report). */
  findings?: Finding[];
}

/** One unit of work of a hook, shown as one line of the task list. */
export interface Step {
  /** Short name; also what DRIFTGATE_SKIP names (typecheck, db, schema, migrations, lint, build, test). */
  name: string;
  /** `signal` aborts when another step failed and the hook stops early (fail fast): kill child processes then. */
  run(signal?: AbortSignal): Promise<StepOutcome>;
}

export interface StepReport extends StepOutcome {
  name: string;
  ms: number;
  /** Stopped because another step failed first (fail fast); its work may still be winding down. */
  stopped?: boolean;
}
