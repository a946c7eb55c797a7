import { safetyRule } from '../safety/hazard-finding.js';

export const destructiveDropColumn = safetyRule(
  'destructive/drop-column',
  'error',
  'A new migration drops a column that code deployed at the same time may still read.',
  {
    what: (h) => `drops ${h.table.display}.${h.column} and its data`,
    why: () => 'Servers still running the previous release select it (drizzle selects every column of a table by name) and fail until they are replaced; the data is gone.',
    fix: () =>
      'Expand/contract: deploy code that no longer reads or writes the column first, then drop it in a later migration. Acknowledge with an exception { rule, tag, reason } once no code uses it.',
  },
);
