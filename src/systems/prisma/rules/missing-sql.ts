import { shellQuote } from '../../../messages.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule } from '../../../types.js';

export const prismaMissingSql: Rule<CheckContext> = {
  id: 'prisma/missing-sql',
  severity: 'error',
  description: 'A folder in the Prisma migrations directory without migration.sql: prisma migrate deploy and dev stop on it (P3015).',
  run({ folder }) {
    return folder.migrations
      .filter((m) => !m.sqlExists)
      .map((m) => ({
        tag: m.tag,
        file: folder.display(m.tag),
        message: `${m.tag}/ has no migration.sql: Prisma treats every folder in the migrations directory as a migration and stops with P3015 ("Could not find the migration file")`,
        fix: `Restore ${m.tag}/migration.sql from git (git log --all -- ${shellQuote(folder.display(m.sqlPath))}), or delete the empty folder if it was never a migration.`,
      }));
  },
};
