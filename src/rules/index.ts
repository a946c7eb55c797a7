import type { Rule } from '../types.js';
import type { CheckContext } from './check-context.js';
import { folderName } from './folder-name.js';
import { identifierTooLong } from './identifier-too-long.js';
import { journalDuplicatePrefix } from './journal-duplicate-prefix.js';
import { journalIdxSequence } from './journal-idx-sequence.js';
import { journalInvalid } from './journal-invalid.js';
import { journalMissingSnapshot } from './journal-missing-snapshot.js';
import { journalMissingSql } from './journal-missing-sql.js';
import { journalOrphanSnapshot } from './journal-orphan-snapshot.js';
import { journalOrphanSql } from './journal-orphan-sql.js';
import { journalTagMismatch } from './journal-tag-mismatch.js';
import { journalVersionMismatch } from './journal-version-mismatch.js';
import { journalWhenFuture } from './journal-when-future.js';
import { journalWhenOrder } from './journal-when-order.js';
import { snapshotChain } from './snapshot-chain.js';
import { snapshotCollision } from './snapshot-collision.js';
import { snapshotInvalid } from './snapshot-invalid.js';
import { sqlConcurrentlyInTransaction } from './sql-concurrently-in-transaction.js';
import { sqlTransactionControl } from './sql-transaction-control.js';
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

/** The static rules: everything `driftgate check` runs. Order is report order. */
export const staticRules: Rule<CheckContext>[] = [
  journalInvalid,
  journalWhenOrder,
  journalWhenFuture,
  journalIdxSequence,
  journalMissingSql,
  journalOrphanSql,
  journalMissingSnapshot,
  journalOrphanSnapshot,
  journalDuplicatePrefix,
  journalTagMismatch,
  journalVersionMismatch,
  folderName,
  snapshotInvalid,
  snapshotChain,
  snapshotCollision,
  sqlTransactionControl,
  sqlConcurrentlyInTransaction,
  identifierTooLong,
  ...safetyRules(),
];

/** Safety rules for new migrations (issue 14): one hazard analysis per context, shared by all of them. */
function safetyRules(): Rule<CheckContext>[] {
  return [
    lockCreateIndex, lockTableRewrite, lockValidateConstraint, lockSetNotNull,
    dataNotNullWithoutDefault, dataUniqueOnExisting,
    destructiveDropTable, destructiveDropColumn,
    compatRenameTable, compatRenameColumn,
  ];
}
