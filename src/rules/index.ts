import type { Rule } from '../types.js';
import type { CheckContext } from './check-context.js';
import { lockCreateIndex } from './lock-create-index.js';
import { lockTableRewrite } from './lock-table-rewrite.js';
import { lockValidateConstraint } from './lock-validate-constraint.js';
import { lockSetNotNull } from './lock-set-not-null.js';
import { dataNotNullWithoutDefault } from './data-not-null-without-default.js';
import { dataUniqueOnExisting } from './data-unique-on-existing.js';
import { destructiveDropTable } from './destructive-drop-table.js';
import { destructiveDropColumn } from './destructive-drop-column.js';
import { compatRenameTable } from './compat-rename-table.js';
import { compatRenameColumn } from './compat-rename-column.js';

/** The SQL rules a migration system may share: they judge the statements alone, whatever folder they came from. A
 * system opts in by listing them among its `rules` (the drizzle systems do); its own folder rules live in
 * src/systems/<id>/rules. */
export const staticRules: Rule<CheckContext>[] = safetyRules();

/** Safety rules for new migrations (issue 14): one hazard analysis per context, shared by all of them. */
function safetyRules(): Rule<CheckContext>[] {
  return [
    lockCreateIndex, lockTableRewrite, lockValidateConstraint, lockSetNotNull,
    dataNotNullWithoutDefault, dataUniqueOnExisting,
    destructiveDropTable, destructiveDropColumn,
    compatRenameTable, compatRenameColumn,
  ];
}
