import type { Rule } from '../../types.js';
import { fromReplay, type ReplayRuleContext } from './replay-rule-context.js';

export const replayUnsupported: Rule<ReplayRuleContext> = {
  id: 'replay/unsupported',
  severity: 'warn',
  description: 'a migration needs an extension the embedded Postgres cannot provide: the replay goes on without it; --db checks it',
  run: fromReplay('replay/unsupported'),
};
