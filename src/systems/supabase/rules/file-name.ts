import { tagOf } from '../folder-model.js';
import type { Rule, RuleFinding } from '../../../types.js';
import type { SupabaseCheckContext } from '../check-context.js';

export const supabaseFileName: Rule<SupabaseCheckContext> = {
  id: 'supabase/file-name',
  severity: 'error',
  description: 'A file in supabase/migrations whose name is not <digits>_<name>.sql: the Supabase CLI skips it with a notice, so it never runs.',
  run(ctx) {
    const findings: RuleFinding[] = [];
    for (const file of ctx.folder.files) {
      if (file.skipped !== 'name' || isDocument(file.name)) continue;
      const suggestion = suggestName(file.name);
      findings.push({
        tag: tagOf(file.name),
        key: file.name,
        file: ctx.folder.display(file.name),
        message: `${file.name} does not match <digits>_<name>.sql: supabase db push and migration up skip it ("Skipping migration ${file.name}..."), so it never runs on any database`,
        fix: suggestion
          ? `Rename it to ${suggestion} (supabase migration new <name> makes the right name), or move it out of supabase/migrations if it is not a migration.`
          : 'Rename it to <timestamp>_<name>.sql (supabase migration new <name> makes one), or move it out of supabase/migrations if it is not a migration.',
      });
    }
    return findings;
  },
};

/** Files that are obviously not migrations (notes, editor files); the CLI skips them too, harmlessly. */
function isDocument(name: string): boolean {
  return /^(\.|README|LICENSE)|\.(md|txt)$/i.test(name);
}

/** A fix when the intent is clear: `20240101_x.SQL`, `20240101-x.sql`, `20240101x.sql` → `<digits>_<name>.sql`. */
function suggestName(name: string): string | undefined {
  const m = /^([0-9]+)[-_ ]?(.*?)\.sql$/i.exec(name);
  if (!m || !m[2]) return undefined;
  return `${m[1]}_${m[2]}.sql`;
}
