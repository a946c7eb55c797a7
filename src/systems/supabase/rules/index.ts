import type { Rule } from '../../../types.js';
import type { SupabaseCheckContext } from '../check-context.js';
import { supabaseNonTransactionalStatement } from './non-transactional-statement.js';
import { supabaseDuplicateVersion } from './duplicate-version.js';
import { supabaseFileName } from './file-name.js';
import { supabaseOutOfOrder } from './out-of-order.js';
import { supabaseTransactionControl } from './transaction-control.js';

/** The static rules of a Supabase CLI migrations folder. Order is report order. */
export const supabaseStaticRules: Rule<SupabaseCheckContext>[] = [
  supabaseFileName,
  supabaseDuplicateVersion,
  supabaseOutOfOrder,
  supabaseTransactionControl,
  supabaseNonTransactionalStatement,
];
