import type { Rule, RuleFinding } from '../types.js';
import { firstWord, keywords } from '../sql/scan-sql.js';
import { statementsInScope, type CheckContext } from './check-context.js';

const CONTROL_WORDS = new Set(['BEGIN', 'START', 'COMMIT', 'END', 'ROLLBACK', 'ABORT']);
const CONTROL = /^(BEGIN|START TRANSACTION|COMMIT|END|ROLLBACK|ABORT)\b(?! TO\b)/;

export const sqlTransactionControl: Rule<CheckContext> = {
  id: 'sql/transaction-control',
  severity: 'error',
  description: 'BEGIN/COMMIT/ROLLBACK in a migration: drizzle already runs all pending migrations in one transaction.',
  async run(ctx) {
    const findings: RuleFinding[] = [];
    for (const { migration: m, statements } of await statementsInScope(ctx)) {
      for (const statement of statements) {
        if (!CONTROL_WORDS.has(firstWord(statement))) continue;
        const word = CONTROL.exec(keywords(statement))?.[1];
        if (!word) continue;
        findings.push({
          tag: m.tag,
          key: `${statement.line}`,
          file: ctx.folder.display(m.sqlPath),
          line: statement.line,
          message: `${m.sqlPath}:${statement.line} runs ${word}; drizzle wraps every pending migration in one transaction, so this ${word === 'BEGIN' || word === 'START TRANSACTION' ? 'nests a transaction (a warning, then the COMMIT ends drizzle\'s own)' : 'ends drizzle\'s transaction early: later statements and migrations are no longer atomic'}`,
          fix: 'Remove the transaction statements; drizzle\'s migrator provides the transaction.',
        });
      }
    }
    return findings;
  },
};
