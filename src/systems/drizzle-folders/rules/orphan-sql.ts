import { journalOrphanSql } from '../../drizzle-journal/rules/journal-orphan-sql.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule } from '../../../types.js';

export const orphanSql: Rule<CheckContext> = {
  ...journalOrphanSql,
  run({ folder }) {
    // drizzle-orm 1.0 applies <folder>/migration.sql only: a loose .sql file (0.x leftover, hand-made) never runs.
    return folder.sqlFiles.map((name) => ({
      tag: name.replace(/\.sql$/, ''),
      file: folder.display(name),
      message: `${name} lies loose in the migrations folder; drizzle-orm 1.0 applies only <timestamp>_<name>/migration.sql, so it never runs`,
      fix: 'Delete it if it is left over, or create a proper migration with drizzle-kit generate --custom and move the SQL into its migration.sql.',
    }));
  },
};
