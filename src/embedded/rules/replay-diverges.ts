import type { Rule } from '../../types.js';
import { fromReplay, type ReplayRuleContext } from './replay-rule-context.js';

export const replayDiverges: Rule<ReplayRuleContext> = {
  id: 'replay/diverges',
  severity: 'error',
  description: 'replayed on a clean embedded Postgres, the first migration whose SQL does not produce its own snapshot (hand-edited SQL)',
  run: fromReplay('replay/diverges'),
};
