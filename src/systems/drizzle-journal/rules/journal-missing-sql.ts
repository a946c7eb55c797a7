import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const journalMissingSql: Rule<CheckContext> = {
  id: 'journal/missing-sql',
  severity: 'error',
  description: "A migration's SQL file does not exist: drizzle's migrator crashes on it.",
  run({ folder }) {
    return folder.migrations
      .filter((m) => !m.sqlExists)
      .map((m) =>
        folder.layout === 'journal'
          ? {
              tag: m.tag,
              file: folder.display(m.sqlPath),
              message: `${m.sqlPath} is listed in the journal but does not exist; drizzle's migrator fails with ENOENT`,
              fix: `Restore ${m.sqlPath} from git (git log --all -- '${folder.display(m.sqlPath)}'), or remove the migration with drizzle-kit drop if it was never applied anywhere.`,
            }
          : {
              // drizzle-orm 1.0 lists sub-folders that HAVE a migration.sql: this one is skipped without a word,
              // while drizzle-kit still diffs against its snapshot.
              tag: m.tag,
              file: folder.display(m.sqlPath),
              message: `${m.tag}/ has a snapshot.json but no migration.sql: drizzle-orm 1.0 skips the folder silently, so its changes never reach any database while drizzle-kit believes they did`,
              fix: `Restore ${m.sqlPath} from git (git log --all -- '${folder.display(m.sqlPath)}'); if the migration was abandoned, delete the whole ${m.tag}/ folder and run drizzle-kit generate again.`,
            },
      );
  },
};
