import { ONE_TRANSACTION, safetyRule } from '../safety/hazard-finding.js';

export const dataUniqueOnExisting = safetyRule(
  'data/unique-on-existing',
  'error',
  'A new migration adds a UNIQUE constraint or unique index on existing columns (fails on duplicates).',
  {
    what: (h) => `makes ${h.detail ? `(${h.detail}) of ` : ''}${h.table.display} unique, on rows that existed before this deploy`,
    why: () => `One duplicate in production makes the statement fail, and with it every pending migration (${ONE_TRANSACTION}).`,
    fix: () =>
      'Query production for duplicates first (SELECT cols, count(*) … GROUP BY cols HAVING count(*) > 1) and clean them up; build the unique index CONCURRENTLY outside the migrator, then ADD CONSTRAINT … UNIQUE USING INDEX in the migration. Acknowledge with an exception { rule, tag, reason } once checked.',
  },
);
