import type { CatalogScope } from '../db/catalog-scope.js';
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
  /** After a restored prefix (the replay cache): everything the migrations applied on top of it can have changed —
   * the tables their steps compared and, with `others`, enums, sequences and views. Set only when every one of them
   * was compared, none diverged, and none has SQL that can reach an object without naming it; the final checks
   * then read only this (the rest is as the cached state's own checks found it). */
  scope?: CatalogScope;
}
