import type { DbFinding } from '../db/db-finding.js';
import type { DeployTrace } from './trace-deploy.js';
import type { SkippedStatements } from './unsupported-objects.js';

/** What replaying one folder on embedded Postgres found, whatever system wrote the folder. */
export interface ReplayOutcome {
  /** replay/diverges and replay/failed findings (rule ids set). */
  findings: DbFinding[];
  total: number;
  applied: number;
  compared: number;
  via: string;
  ms: number;
  /** The migration whose snapshot state the replay started from (--from). */
  startedFrom?: string;
  /** The locks and rewrites of the traced migrations (ReplayContext.trace), when any was applied. */
  trace?: DeployTrace;
  /** Statements skipped because they use what a stand-in extension lacks (named in its replay/unsupported). */
  skipped?: SkippedStatements[];
}
