import { safetyRule } from '../safety/hazard-finding.js';

export const dataNotNullWithoutDefault = safetyRule(
  'data/not-null-without-default',
  'error',
  'A new migration adds a NOT NULL column without a default to an existing table (fails as soon as it has rows).',
  {
    what: (h) => `adds ${h.table.display}.${h.column} NOT NULL without a default to a table that existed before this deploy`,
    why: () => "Postgres has no value to put in the existing rows, so the statement fails on any table with rows — and with it the whole deploy, since drizzle's migrator runs all pending migrations in one transaction.",
    fix: (h) =>
      `Give the column a default in the schema (.default(…): a constant default is a catalog change on Postgres 11+), or add "${h.column}" nullable, backfill it outside the migrator, and make it NOT NULL in a later deploy (see lock/set-not-null).`,
  },
);
