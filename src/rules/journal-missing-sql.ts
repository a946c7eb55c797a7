import { shellQuote, unusableSqlFix } from '../messages.js';
import type { Rule } from '../types.js';
import { sqlFileProblems } from '../folder/file-problems.js';
import type { CheckContext } from './check-context.js';

export const journalMissingSql: Rule<CheckContext> = {
  id: 'journal/missing-sql',
  severity: 'error',
  description: "A migration's SQL file does not exist: drizzle's migrator crashes on it.",
  async run({ folder }) {
    // A listed file that is there but cannot serve (a FIFO, a directory, a link out of the project, no permission)
    // is reported as what it is — drizzle's migrator would hang, crash, or read a file outside the project.
    const problems = await sqlFileProblems(folder);
    const unusable = folder.migrations.flatMap((m, i) => {
      const problem = problems[i];
      return problem ? [{ tag: m.tag, file: folder.display(m.sqlPath), message: `${m.sqlPath} is listed ${folder.layout === 'journal' ? 'in the journal' : 'as the migration'} but ${problem}`, fix: unusableSqlFix }] : [];
    });
    const reported = new Set(unusable.map((f) => f.tag));
    return [...unusable, ...folder.migrations
      .filter((m) => !m.sqlExists && !reported.has(m.tag))
      .map((m) =>
        folder.layout === 'journal'
          ? {
              tag: m.tag,
              file: folder.display(m.sqlPath),
              message: `${m.sqlPath} is listed in the journal but does not exist; drizzle's migrator fails with ENOENT`,
              fix: `Restore ${m.sqlPath} from git (git log --all -- ${shellQuote(folder.display(m.sqlPath))}), or remove the migration with drizzle-kit drop if it was never applied anywhere.`,
            }
          : {
              // drizzle-orm 1.0 lists sub-folders that HAVE a migration.sql: this one is skipped without a word,
              // while drizzle-kit still diffs against its snapshot.
              tag: m.tag,
              file: folder.display(m.sqlPath),
              message: `${m.tag}/ has a snapshot.json but no migration.sql: drizzle-orm 1.0 skips the folder silently, so its changes never reach any database while drizzle-kit believes they did`,
              fix: `Restore ${m.sqlPath} from git (git log --all -- ${shellQuote(folder.display(m.sqlPath))}); if the migration was abandoned, delete the whole ${m.tag}/ folder and run drizzle-kit generate again.`,
            },
      )];
  },
};
