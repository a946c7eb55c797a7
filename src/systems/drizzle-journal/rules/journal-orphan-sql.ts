import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const journalOrphanSql: Rule<CheckContext> = {
  id: 'journal/orphan-sql',
  severity: 'error',
  description: 'A .sql file the journal does not list: drizzle never applies it.',
  run({ folder }) {
    if (!folder.journal) return [];
    const listed = new Set(folder.migrations.map((m) => m.sqlPath));
    return folder.sqlFiles
      .filter((name) => !listed.has(name))
      .map((name) => ({
        tag: name.replace(/\.sql$/, ''),
        file: folder.display(name),
        message: `${name} is not in meta/_journal.json, so drizzle's migrator never applies it`,
        fix: 'Delete it if it is left over, or recreate it as a journal entry: drizzle-kit generate --custom, then move the SQL into the new file.',
      }));
  },
};
