import { ONE_TRANSACTION, safetyRule } from '../safety/hazard-finding.js';

export const lockTableRewrite = safetyRule(
  'lock/table-rewrite',
  'error',
  'A new migration rewrites a table that existed before it (a type change that is not binary-coercible, a volatile default, …).',
  {
    what: (h) => `rewrites ${h.table.display} (${h.detail})`,
    why: () => `Postgres copies every row into a new file while no query can read or write the table; ${ONE_TRANSACTION}.`,
    fix: (h) =>
      h.detail?.includes('→') || h.traced
        ? 'Expand/contract: add a new column of the new type (one migration), backfill it in batches outside the migrator, switch the code to it, then drop the old column in a later deploy. Changes that need no rewrite: varchar(n) → varchar(m > n) or text, numeric(p,s) → numeric(q > p,s).'
        : 'Add the column without the volatile default (or as a plain nullable column), backfill in batches outside the migrator, then SET DEFAULT for new rows. A constant default does not rewrite (Postgres 11+).',
  },
);
