import type { DbRuleContext } from '../../../db/db-rules.js';
import type { Rule, RuleFinding } from '../../../types.js';

export const supabaseSchemaMismatch: Rule<DbRuleContext> = {
  id: 'supabase/schema-mismatch',
  severity: 'error',
  description: 'The project keeps a Drizzle schema (drizzle-kit 0.x or 1.0) or a Prisma schema beside Supabase SQL: what the replayed supabase/migrations build differs from what that schema declares.',
  run: (ctx) => ctx.findings.filter((f) => f.rule === 'supabase/schema-mismatch').map(({ rule: _rule, ...rest }): RuleFinding => rest),
};
