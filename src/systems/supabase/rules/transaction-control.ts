import { tagOf } from '../folder-model.js';
import type { Rule, RuleFinding } from '../../../types.js';
import { filesInScope, type SupabaseCheckContext } from '../check-context.js';
import { codeLine, withoutLeadingComments } from '../execution-plan.js';
import type { CliStatement } from '../split-statements.js';

const firstWord = (s: CliStatement) => withoutLeadingComments(s.text).split(/\s+/u)[0].toUpperCase();

/** BEGIN first and COMMIT last, nothing else: the author's own transaction covers the whole file. */
function wrapsWholeFile(code: CliStatement[], control: CliStatement[]): boolean {
  return (
    control.length === 2 &&
    code[0] === control[0] &&
    code.at(-1) === control[1] &&
    ['BEGIN', 'START'].includes(firstWord(control[0])) &&
    ['COMMIT', 'END'].includes(firstWord(control[1]))
  );
}

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
      const control = parsed.plan.transactionControl;
      const code = parsed.statements.filter((s) => withoutLeadingComments(s.text) !== '');
      const where = { tag: tagOf(file.name), file: ctx.folder.display(file.name) };
      if (wrapsWholeFile(code, control)) {
        findings.push({
          ...where,
          severity: 'warn',
          key: `${codeLine(control[0])}`,
          line: codeLine(control[0]),
          message: `${file.name}:${codeLine(control[0])} wraps the whole file in BEGIN … COMMIT: still atomic, but the CLI then runs its statements one by one and writes the schema_migrations row after your COMMIT, outside the transaction — the wrapper only adds a way to be half-recorded`,
          fix: 'Remove the BEGIN and COMMIT: the CLI already runs the file, and its history row, as one transaction.',
        });
        continue;
      }
      const discards = control.some((s) => ['ROLLBACK', 'ABORT'].includes(firstWord(s)));
      for (const statement of control) {
        findings.push({
          ...where,
          key: `${codeLine(statement)}`,
          line: codeLine(statement),
          message: `${file.name}:${codeLine(statement)} runs ${firstWord(statement)}: because of it the Supabase CLI runs the ${code.length} statements of this file one by one instead of as one transaction — outside your BEGIN … COMMIT each is committed on its own, so a failure half-way leaves the earlier ones applied and the file unrecorded, and the next db push runs it again from the top${discards ? '; a ROLLBACK discards what the file did while the CLI still records it as applied' : ''}`,
          fix: 'Remove BEGIN/COMMIT/ROLLBACK: without them the CLI runs the whole file, and its history row, as one transaction.',
        });
      }
    }
    return findings;
  },
};
