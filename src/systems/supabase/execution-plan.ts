import type { CliStatement } from './split-statements.js';

/** How CLI 2.117.0 runs one migration file (its legacy-migration-apply: measured and read, see docs/supabase.md).
 * - `pipeline`: the statements go in one pipelined batch — one implicit transaction with the schema_migrations insert
 *   — except that each non-transactional statement (CONCURRENTLY index DDL, VACUUM, ALTER SYSTEM, CLUSTER) ends the
 *   batch so far and runs on its own, so such a file is applied as several transactions.
 * - `one-by-one`: every statement runs on its own (autocommit), then the insert. Chosen when the first line is
 *   `-- pg-delta: transaction=false`, or when any statement is transaction control (BEGIN, COMMIT, ROLLBACK, …). */
export interface ExecutionPlan {
  mode: 'pipeline' | 'one-by-one';
  reason?: 'header' | 'transaction-control';
  /** Statements the CLI treats as transaction control. */
  transactionControl: CliStatement[];
  /** Statements Postgres refuses inside a transaction block. */
  nonTransactional: CliStatement[];
}

export const NO_TRANSACTION_HEADER = '-- pg-delta: transaction=false';

const NON_TRANSACTIONAL = [
  /^CREATE\s+(?:UNIQUE\s+)?INDEX\s+CONCURRENTLY(?:\s|$)/u,
  /^DROP\s+INDEX\s+CONCURRENTLY(?:\s|$)/u,
  /^REINDEX(?:\s|\().*\sCONCURRENTLY(?:\s|$)/u,
  /^VACUUM(?:\s|\(|$)/u,
  /^ALTER\s+SYSTEM(?:\s|$)/u,
  /^CLUSTER(?:\s|$)/u,
];
const TRANSACTION_CONTROL = /^(?:BEGIN|START\s+TRANSACTION|COMMIT|END|ABORT|PREPARE\s+TRANSACTION)(?:\s|$)/u;

/** The statement's text after leading blanks, BOMs and comments (block comments not nested), as the CLI classifies it. */
export function withoutLeadingComments(text: string): string {
  let rest = text.replace(/^[ \t\n\r]+/u, '');
  while (rest.charCodeAt(0) === 0xfeff) rest = rest.slice(1).replace(/^[ \t\n\r]+/u, '');
  for (;;) {
    if (rest.startsWith('--')) {
      const newline = rest.indexOf('\n');
      if (newline < 0) return '';
      rest = rest.slice(newline + 1).replace(/^[ \t\n\r]+/u, '');
    } else if (rest.startsWith('/*')) {
      const close = rest.indexOf('*/');
      if (close < 0) return rest;
      rest = rest.slice(close + 2).replace(/^[ \t\n\r]+/u, '');
    } else return rest.trim();
  }
}

export function isNonTransactional(text: string): boolean {
  const upper = withoutLeadingComments(text).toUpperCase();
  return NON_TRANSACTIONAL.some((pattern) => pattern.test(upper));
}

export function isTransactionControl(text: string): boolean {
  const upper = withoutLeadingComments(text).toUpperCase();
  const words = upper.split(/\s+/u);
  if (words[0] === 'ROLLBACK') return words[words[1] === 'WORK' || words[1] === 'TRANSACTION' ? 2 : 1] !== 'TO';
  return TRANSACTION_CONTROL.test(upper);
}

export function hasNoTransactionHeader(file: string): boolean {
  const text = file.charCodeAt(0) === 0xfeff ? file.slice(1) : file;
  const newline = text.indexOf('\n');
  const first = newline < 0 ? text : text.slice(0, newline);
  return (first.endsWith('\r') ? first.slice(0, -1) : first) === NO_TRANSACTION_HEADER;
}

export function executionPlan(file: string, statements: CliStatement[]): ExecutionPlan {
  const transactionControl = statements.filter((s) => isTransactionControl(s.text));
  const nonTransactional = statements.filter((s) => isNonTransactional(s.text));
  if (hasNoTransactionHeader(file)) return { mode: 'one-by-one', reason: 'header', transactionControl, nonTransactional };
  if (transactionControl.length > 0) return { mode: 'one-by-one', reason: 'transaction-control', transactionControl, nonTransactional };
  return { mode: 'pipeline', transactionControl, nonTransactional };
}

/** The line a statement's code starts on, after the comments the CLI keeps attached to it. */
export function codeLine(statement: CliStatement): number {
  const prefix = statement.text.length - withoutLeadingComments(statement.text).length;
  let line = statement.line;
  for (let k = statement.text.indexOf('\n'); k >= 0 && k < prefix; k = statement.text.indexOf('\n', k + 1)) line++;
  return line;
}
