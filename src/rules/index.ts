import type { Rule } from '../types.js';
import type { CheckContext } from './check-context.js';
import { folderName } from '../systems/drizzle-folders/rules/folder-name.js';
import { identifierTooLong } from './identifier-too-long.js';
import { journalDuplicatePrefix } from '../systems/drizzle-journal/rules/journal-duplicate-prefix.js';
import { journalIdxSequence } from '../systems/drizzle-journal/rules/journal-idx-sequence.js';
import { journalInvalid } from '../systems/drizzle-journal/rules/journal-invalid.js';
import { journalMissingSnapshot } from '../systems/drizzle-journal/rules/journal-missing-snapshot.js';
import { journalMissingSql } from '../systems/drizzle-journal/rules/journal-missing-sql.js';
import { journalOrphanSnapshot } from '../systems/drizzle-journal/rules/journal-orphan-snapshot.js';
import { journalOrphanSql } from '../systems/drizzle-journal/rules/journal-orphan-sql.js';
import { journalTagMismatch } from '../systems/drizzle-journal/rules/journal-tag-mismatch.js';
import { journalVersionMismatch } from '../systems/drizzle-journal/rules/journal-version-mismatch.js';
import { journalWhenFuture } from '../systems/drizzle-journal/rules/journal-when-future.js';
import { journalWhenOrder } from '../systems/drizzle-journal/rules/journal-when-order.js';
import { snapshotChain } from '../systems/drizzle-journal/rules/snapshot-chain.js';
import { snapshotCollision } from '../systems/drizzle-journal/rules/snapshot-collision.js';
import { snapshotInvalid } from '../systems/drizzle-journal/rules/snapshot-invalid.js';
import { sqlConcurrentlyInTransaction } from './sql-concurrently-in-transaction.js';
import { sqlTransactionControl } from './sql-transaction-control.js';

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
];
