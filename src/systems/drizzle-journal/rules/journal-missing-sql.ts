import { sqlFileProblems } from '../../../folder/file-problems.js';
import type { Migration, MigrationFolder } from '../../../folder/migration-folder.js';
import { shellQuote, unusableSqlFix } from '../../../messages.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';

/** journal/missing-sql for a layout: a listed file that is there but cannot serve (a FIFO, a directory, a link out of
 * the project, no permission) is reported as what it is — drizzle's migrator would hang, crash, or read a file
 * outside the project; a missing one gets the layout's `missing` finding. */
export async function missingSqlFindings(folder: MigrationFolder, listedAs: string, missing: (m: Migration) => RuleFinding): Promise<RuleFinding[]> {
  const problems = await sqlFileProblems(folder);
  const unusable = folder.migrations.flatMap((m, i) => {
    const problem = problems[i];
    return problem ? [{ tag: m.tag, file: folder.display(m.sqlPath), message: `${m.sqlPath} is listed ${listedAs} but ${problem}`, fix: unusableSqlFix }] : [];
  });
  const reported = new Set(unusable.map((f) => f.tag));
  return [...unusable, ...folder.migrations.filter((m) => !m.sqlExists && !reported.has(m.tag)).map(missing)];
}

export const journalMissingSql: Rule<CheckContext> = {
  id: 'journal/missing-sql',
  severity: 'error',
  description: "A migration's SQL file does not exist: drizzle's migrator crashes on it.",
  run: ({ folder }) =>
    missingSqlFindings(folder, 'in the journal', (m) => ({
      tag: m.tag,
      file: folder.display(m.sqlPath),
      message: `${m.sqlPath} is listed in the journal but does not exist; drizzle's migrator fails with ENOENT`,
      fix: `Restore ${m.sqlPath} from git (git log --all -- ${shellQuote(folder.display(m.sqlPath))}), or remove the migration with drizzle-kit drop if it was never applied anywhere.`,
    })),
};
