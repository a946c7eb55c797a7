import { safetyRule } from '../safety/hazard-finding.js';

export const destructiveDropTable = safetyRule(
  'destructive/drop-table',
  'error',
  'A new migration drops a table that code deployed at the same time may still read.',
  {
    what: (h) => `drops ${h.table.display} and every row in it`,
    why: () => 'Servers still running the previous release query it until they are replaced, and the data cannot be brought back without a backup.',
    fix: () =>
      'Expand/contract: first deploy code that no longer uses the table (remove it from the schema only after that release is everywhere), then drop it in a later migration. Acknowledge with an exception { rule, tag, reason } once no code reads it.',
  },
);
