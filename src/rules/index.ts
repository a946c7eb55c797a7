import type { Rule } from '../types.js';
import type { CheckContext } from './check-context.js';
import { sqlConcurrentlyInTransaction } from './sql-concurrently-in-transaction.js';
import { sqlTransactionControl } from './sql-transaction-control.js';

/** The static rules every migration system shares (they read SQL, whatever folder it came from); each system adds
 * the rules of its own folder format (src/systems/<id>/). `check` and the hooks run both. */
export const staticRules: Rule<CheckContext>[] = [sqlTransactionControl, sqlConcurrentlyInTransaction];
