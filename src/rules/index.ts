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
