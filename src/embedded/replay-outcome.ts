import type { DbFinding } from '../db/db-finding.js';
import type { DeployTrace } from './trace-deploy.js';

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
}
