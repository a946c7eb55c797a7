import type { RangeContext } from '../hooks/range-context.js';
import { systemOf } from '../systems/index.js';
import type { Rule } from '../types.js';

export const sqlNotGenerated: Rule<RangeContext> = {
  id: 'sql/not-generated',
  severity: 'error',
  description: "A new migration's SQL is not what drizzle-kit generates from the previous snapshot to its own (a hand edit); custom migrations are judged by sql/custom-migration.",
  // The system regenerates with the project's own generator; one without a generator has nothing to compare.
  run: async (ctx) => (await systemOf(ctx.head).generatorCheck?.(ctx)) ?? [],
};
