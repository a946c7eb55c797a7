import type { Rule, RuleFinding } from '../types.js';
import { keywords } from '../sql/scan-sql.js';
import { statementsInScope, type CheckContext } from './check-context.js';

const CONCURRENT = /^(CREATE (UNIQUE )?INDEX CONCURRENTLY|DROP INDEX CONCURRENTLY|REINDEX .*\bCONCURRENTLY\b|ALTER TABLE .* DETACH PARTITION .* CONCURRENTLY)/;

export const sqlConcurrentlyInTransaction: Rule<CheckContext> = {
  id: 'sql/concurrently-in-transaction',
  severity: 'error',
  description: 'CREATE/DROP INDEX CONCURRENTLY cannot run inside the transaction drizzle wraps migrations in.',
  async run(ctx) {
    const findings: RuleFinding[] = [];
    for (const { migration: m, statements } of await statementsInScope(ctx)) {
      for (const statement of statements) {
        if (!/concurrently/i.test(statement.codeHead(400)) || !CONCURRENT.test(keywords(statement))) continue;
        findings.push({
          tag: m.tag,
          key: `${statement.line}`,
          file: ctx.folder.display(m.sqlPath),
          line: statement.line,
          message: `${m.sqlPath}:${statement.line} uses CONCURRENTLY, which Postgres refuses inside a transaction block — and drizzle's migrator always runs migrations in one`,
          fix: 'Drop CONCURRENTLY from the migration, or run that statement outside drizzle (a separate script after deploy) and keep the migration free of it.',
        });
      }
    }
    return findings;
  },
};
