import { ONE_TRANSACTION, safetyRule } from '../safety/hazard-finding.js';

export const lockSetNotNull = safetyRule(
  'lock/set-not-null',
  'error',
  'A new migration sets NOT NULL on an existing column (a full scan under ACCESS EXCLUSIVE).',
  {
    what: (h) => `makes ${h.table.display}.${h.column} NOT NULL and scans every row to prove it`,
    why: () => `No query can read or write the table during the scan (and it fails if one row is NULL); ${ONE_TRANSACTION}.`,
    fix: (h) =>
      `On Postgres 12+: in one deploy add CHECK ("${h.column}" IS NOT NULL) NOT VALID (a custom migration); in the next, VALIDATE CONSTRAINT (no write lock); then SET NOT NULL skips the scan, and the CHECK can be dropped. Backfill NULLs outside the migrator first.`,
  },
);
