import { tagOf } from '../folder-model.js';
import type { Rule, RuleFinding } from '../../../types.js';
import type { SupabaseCheckContext } from '../check-context.js';
import type { SupabaseFile } from '../migration-files.js';

export const supabaseDuplicateVersion: Rule<SupabaseCheckContext> = {
  id: 'supabase/duplicate-version',
  severity: 'error',
  description: 'Two migration files share one version: the CLI applies the first, then fails on the second (duplicate key in schema_migrations).',
  run(ctx) {
    const byVersion = new Map<string, SupabaseFile[]>();
    for (const file of ctx.folder.migrations) byVersion.set(file.version!, [...(byVersion.get(file.version!) ?? []), file]);
    const findings: RuleFinding[] = [];
    for (const [version, files] of byVersion) {
      if (files.length < 2) continue;
      const [first, ...rest] = files;
      for (const file of rest) {
        findings.push({
          tag: tagOf(file.name),
          key: file.name,
          file: ctx.folder.display(file.name),
          message: `${file.name} has version ${version}, like ${first.name}: supabase db push applies ${first.name}, then ${file.name} fails on "duplicate key value violates unique constraint schema_migrations_pkey" and its changes are rolled back`,
          fix: `Give the newer file its own version: rename it to a fresh timestamp (supabase migration new ${file.title || 'name'} prints one) — only if neither file has reached a shared database yet.`,
        });
      }
    }
    return findings;
  },
};
