import { safetyRule } from '../safety/hazard-finding.js';

export const compatRenameTable = safetyRule(
  'compat/rename-table',
  'error',
  'A new migration renames a table that running code still uses.',
  {
    what: (h) => `renames ${h.table.display} to ${h.detail}`,
    why: () => 'Servers still running the previous release query the old name and fail from the moment the migration commits until they are replaced.',
    fix: () =>
      'Expand/contract: create the new table (or a view with the old name over the renamed table, in a custom migration), deploy code that uses the new name, and drop the old name in a later deploy. Acknowledge with an exception { rule, tag, reason } when downtime is planned.',
  },
);
