import { journalMissingSql, missingSqlFindings } from '../../drizzle-journal/rules/journal-missing-sql.js';
import { shellQuote } from '../../../messages.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule } from '../../../types.js';

/** journal/missing-sql on the 1.0 layout: a folder with a snapshot and no migration.sql. */
export const missingSql: Rule<CheckContext> = {
  ...journalMissingSql,
  run: ({ folder }) =>
    missingSqlFindings(folder, 'as the migration', (m) => ({
      // drizzle-orm 1.0 lists sub-folders that HAVE a migration.sql: this one is skipped without a word, while
      // drizzle-kit still diffs against its snapshot.
      tag: m.tag,
      file: folder.display(m.sqlPath),
      message: `${m.tag}/ has a snapshot.json but no migration.sql: drizzle-orm 1.0 skips the folder silently, so its changes never reach any database while drizzle-kit believes they did`,
      fix: `Restore ${m.sqlPath} from git (git log --all -- ${shellQuote(folder.display(m.sqlPath))}); if the migration was abandoned, delete the whole ${m.tag}/ folder and run drizzle-kit generate again.`,
    })),
};
