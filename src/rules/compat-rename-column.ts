import { safetyRule } from '../safety/hazard-finding.js';

export const compatRenameColumn = safetyRule(
  'compat/rename-column',
  'error',
  'A new migration renames a column that running code still uses.',
  {
    what: (h) => `renames ${h.table.display}.${h.column} to ${h.detail}`,
    why: () => 'Servers still running the previous release select the old column name and fail until they are replaced.',
    fix: () =>
      'Expand/contract: add the new column, write both (or a trigger) and backfill, switch reads to the new column, then drop the old one in a later deploy. Acknowledge with an exception { rule, tag, reason } when downtime is planned.',
  },
);
