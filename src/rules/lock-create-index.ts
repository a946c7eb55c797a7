import { ONE_TRANSACTION, safetyRule } from '../safety/hazard-finding.js';

export const lockCreateIndex = safetyRule(
  'lock/create-index',
  'error',
  'A new migration builds an index on a table that existed before it (writes blocked while it builds).',
  {
    what: (h) => (h.lock === 'SHARE' ? `builds an index on ${h.table.display}, which existed before this deploy` : `adds a constraint that builds an index on ${h.table.display}, which existed before this deploy`),
    why: (h) =>
      `${h.lock === 'SHARE' ? 'Every INSERT, UPDATE and DELETE' : 'Every query'} on it waits until the whole index is built; ${ONE_TRANSACTION}.`,
    fix: (h) =>
      h.lock === 'SHARE'
        ? 'CONCURRENTLY cannot run inside drizzle\'s migrator. Build the index outside it before deploying (a script or psql: CREATE INDEX CONCURRENTLY IF NOT EXISTS <same name> ON …), and make this statement CREATE INDEX IF NOT EXISTS so the migrator finds it and returns at once. For a small table, accept it: add an exception { rule, tag, reason } to the driftgate config.'
        : 'Build the unique index outside drizzle\'s migrator first (CREATE UNIQUE INDEX CONCURRENTLY …), then add the constraint in the migration with ADD CONSTRAINT … UNIQUE USING INDEX <index> (a catalog change). For a small table, accept it with an exception { rule, tag, reason }.',
  },
);
