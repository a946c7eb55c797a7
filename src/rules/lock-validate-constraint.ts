import { ONE_TRANSACTION, safetyRule } from '../safety/hazard-finding.js';

export const lockValidateConstraint = safetyRule(
  'lock/validate-constraint',
  'error',
  'A new migration adds a foreign key or CHECK to an existing table without NOT VALID (a full scan under lock).',
  {
    what: (h) =>
      h.sameDeploy
        ? `validates ${h.detail} on ${h.table.display}, which was added NOT VALID in the same deploy`
        : h.detail === 'foreign key'
          ? `adds a foreign key to ${h.table.display}, which existed before this deploy, and checks every row`
          : `adds a CHECK constraint to ${h.table.display}, which existed before this deploy, and checks every row`,
    why: (h) =>
      h.sameDeploy
        ? `Both statements run in one transaction, so the lock ADD CONSTRAINT took is still held while VALIDATE scans the table; ${ONE_TRANSACTION}.`
        : `${h.detail === 'foreign key' ? 'Writes to both tables' : 'Every query on it'} wait for the scan of every row; ${ONE_TRANSACTION}.`,
    fix: (h) =>
      h.sameDeploy
        ? 'Ship VALIDATE CONSTRAINT in a later deploy (a custom migration, `drizzle-kit generate --custom`), after the NOT VALID constraint has reached production.'
        : 'Add the constraint with NOT VALID in this migration (it then only checks new rows, a brief lock), and VALIDATE CONSTRAINT in a custom migration (`drizzle-kit generate --custom`) of a later deploy: validating takes SHARE UPDATE EXCLUSIVE, which does not block writes.',
  },
);
