import type { Rule } from '../../types.js';
import { fromReplay, type ReplayRuleContext } from './replay-rule-context.js';

export const replayFailed: Rule<ReplayRuleContext> = {
  id: 'replay/failed',
  severity: 'error',
  description: "a migration's SQL fails on a clean database: the statement, Postgres' error, file and line",
  run: fromReplay('replay/failed'),
};
