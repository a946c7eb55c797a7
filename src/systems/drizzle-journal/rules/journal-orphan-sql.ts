import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const journalOrphanSql: Rule<CheckContext> = {
  id: 'journal/orphan-sql',
  severity: 'error',
  description: 'A .sql file the journal does not list: drizzle never applies it.',
  run({ folder }) {
    if (folder.layout === 'folders') {
      // drizzle-orm 1.0 applies <folder>/migration.sql only: a loose .sql file (0.x leftover, hand-made) never runs.
      return folder.sqlFiles.map((name) => ({
        tag: name.replace(/\.sql$/, ''),
        file: folder.display(name),
        message: `${name} lies loose in the migrations folder; drizzle-orm 1.0 applies only <timestamp>_<name>/migration.sql, so it never runs`,
        fix: 'Delete it if it is left over, or create a proper migration with drizzle-kit generate --custom and move the SQL into its migration.sql.',
      }));
    }
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
