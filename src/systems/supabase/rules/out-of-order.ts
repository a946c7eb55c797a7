import { tagOf } from '../folder-model.js';
import type { Rule, RuleFinding } from '../../../types.js';
import type { SupabaseCheckContext } from '../check-context.js';
import { byteOrder } from '../migration-files.js';

export const supabaseOutOfOrder: Rule<SupabaseCheckContext> = {
  id: 'supabase/out-of-order',
  severity: 'error',
  description: 'A new migration whose version sorts before the newest committed one: supabase db push refuses it without --include-all, and environments already past it may never get it.',
  run(ctx) {
    if (!ctx.committed) return [];
    const committed = ctx.folder.migrations.filter((f) => ctx.committed!.has(f.name));
    const newest = committed.map((f) => f.version!).sort(byteOrder).at(-1);
    if (!newest) return [];
    const findings: RuleFinding[] = [];
    for (const file of ctx.folder.migrations) {
      // The CLI compares versions as strings (FindPendingMigrations), so "9_x" sorts after "10_y".
      if (ctx.committed.has(file.name) || byteOrder(file.version!, newest) >= 0) continue;
      findings.push({
        tag: tagOf(file.name),
        key: file.name,
        file: ctx.folder.display(file.name),
        message: `${file.name} is new, but its version ${file.version} sorts before ${newest}, the newest migration already committed${ctx.committedAt ? ` (${ctx.committedAt})` : ''}: a database that already ran ${newest} refuses it ("Found local migration files to be inserted before the last migration on remote database") unless pushed with --include-all`,
        fix: `Rename it to a version after ${newest} (supabase migration new <name> prints the current timestamp), then check that it still makes sense after the migrations it now follows.`,
      });
    }
    return findings;
  },
};
