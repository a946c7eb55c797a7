import { tagOf } from '../folder-model.js';
import type { Rule, RuleFinding } from '../../../types.js';
import { filesInScope, type SupabaseCheckContext } from '../check-context.js';
import { codeLine, withoutLeadingComments } from '../execution-plan.js';

export const supabaseNonTransactionalStatement: Rule<SupabaseCheckContext> = {
  id: 'supabase/non-transactional-statement',
  severity: 'error',
  description: 'CREATE/DROP INDEX CONCURRENTLY, REINDEX CONCURRENTLY, VACUUM, ALTER SYSTEM or CLUSTER in a file with other statements: the CLI splits the file into separate transactions around it (older CLIs refuse it).',
  async run(ctx) {
    const findings: RuleFinding[] = [];
    for (const file of filesInScope(ctx)) {
      const parsed = await ctx.parsed(file);
      if (!parsed || parsed.plan.reason === 'header') continue; // opted out of the transaction on purpose
      // Alone in its file it is the documented way; comment-only statements do not count.
      const others = parsed.statements.filter((s) => withoutLeadingComments(s.text) !== '').length - 1;
      if (others < 1) continue;
      for (const statement of parsed.plan.nonTransactional) {
        const what = withoutLeadingComments(statement.text).split(/\s+/u).slice(0, 4).join(' ').toUpperCase();
        findings.push({
          tag: tagOf(file.name),
          key: `${codeLine(statement)}`,
          file: ctx.folder.display(file.name),
          line: codeLine(statement),
          message: `${file.name}:${codeLine(statement)} runs ${what}… in a file with ${others} other statement${others === 1 ? '' : 's'}: ${parsed.plan.mode === 'one-by-one' ? 'the file also has transaction control, so the CLI runs every statement on its own and Postgres refuses this one inside your BEGIN block' : 'Supabase CLI 2.109+ commits the statements before it, runs it on its own, then the rest — if a later statement fails the file is half-applied and unrecorded; older CLIs refuse it ("cannot be executed within a pipeline")'}`,
          fix: 'Move it into a migration file of its own (supabase migration new <name>), with nothing else in that file.',
        });
      }
    }
    return findings;
  },
};
