import type { Rule, RuleFinding } from '../../../types.js';
import { filesInScope, type SupabaseCheckContext } from '../check-context.js';
import { withoutLeadingComments } from '../execution-plan.js';

export const supabaseTransactionControl: Rule<SupabaseCheckContext> = {
  id: 'supabase/transaction-control',
  severity: 'error',
  description: 'BEGIN/COMMIT/ROLLBACK in a Supabase migration: the CLI then runs every statement of the file on its own (autocommit) instead of as one transaction.',
  async run(ctx) {
    const findings: RuleFinding[] = [];
    for (const file of filesInScope(ctx)) {
      const parsed = await ctx.parsed(file);
      // A file that opts out with the header runs one by one on purpose; its BEGIN/COMMIT are the author's own.
      if (!parsed || parsed.plan.reason !== 'transaction-control') continue;
      const words = parsed.plan.transactionControl.map((s) => withoutLeadingComments(s.text).split(/\s+/u)[0].toUpperCase());
      const discards = words.some((w) => w === 'ROLLBACK' || w === 'ABORT');
      for (const [i, statement] of parsed.plan.transactionControl.entries()) {
        findings.push({
          tag: file.name,
          key: `${statement.line}`,
          file: ctx.folder.display(file.name),
          line: statement.line,
          message: `${file.name}:${statement.line} runs ${words[i]}: because of it the Supabase CLI runs all ${parsed.statements.length} statements of this file one by one, each committed on its own, instead of in one transaction — a failure half-way leaves the earlier statements applied and the file unrecorded, so the next db push runs it again from the top${discards ? '; and a ROLLBACK discards what the file did while the CLI still records it as applied' : ''}`,
          fix: 'Remove BEGIN/COMMIT/ROLLBACK: without them the CLI runs the whole file, and its schema_migrations row, as one transaction.',
        });
      }
    }
    return findings;
  },
};
