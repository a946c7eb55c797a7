import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const journalMissingSql: Rule<CheckContext> = {
  id: 'journal/missing-sql',
  severity: 'error',
  description: "A migration's SQL file does not exist: drizzle's migrator crashes on it.",
  run({ folder }) {
    return folder.migrations
      .filter((m) => !m.sqlExists)
      .map((m) => ({
        tag: m.tag,
        file: folder.display(m.sqlPath),
        message: `${m.sqlPath} is listed in the journal but does not exist; drizzle's migrator fails with ENOENT`,
        fix: `Restore ${m.sqlPath} from git (git log --all -- '${folder.display(m.sqlPath)}'), or remove the migration with drizzle-kit drop if it was never applied anywhere.`,
      }));
  },
};
