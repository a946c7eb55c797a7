import type { DbFinding } from '../../db/db-finding.js';
import type { RuleFinding } from '../../types.js';

/** The replay produces all its findings in one pass; each id is still a Rule (listed, overridable, stamped). */
export interface ReplayRuleContext {
  findings: DbFinding[];
}

export const fromReplay = (id: string) => (ctx: ReplayRuleContext) =>
  ctx.findings.filter((f) => f.rule === id).map(({ rule: _rule, ...rest }): RuleFinding => rest);
