import type { Rule, RuleFinding } from '../types.js';
import type { DbFinding } from './db-finding.js';

/** The database checks produce findings for many ids in one pass (one introspection, one compare); each id is still
 * a Rule so that `driftgate rules` lists it, policy can override it, and run-rules stamps it like any other. */
export interface DbRuleContext {
  findings: DbFinding[];
}

function dbRule(id: string, severity: Rule<DbRuleContext>['severity'], description: string): Rule<DbRuleContext> {
  return {
    id,
    severity,
    description,
    run: (ctx) => ctx.findings.filter((f) => f.rule === id).map(({ rule: _rule, ...rest }): RuleFinding => rest),
  };
}

/** Every database rule id (public interface: JSON output, baselines, config). Order is report order. */
export const DB_RULES: Rule<DbRuleContext>[] = [
  dbRule('db/no-migrations-table', 'error', 'the migrations table is absent (never migrated, or drizzle-kit push was used)'),
  dbRule('db/skipped-migration', 'error', "an unapplied entry whose when ≤ the database's newest created_at: drizzle will never apply it"),
  dbRule('db/failed-migration', 'error', 'a migration recorded as failed (Prisma: finished_at and rolled_back_at NULL): every later migration is blocked until it is resolved'),
  dbRule('db/pending', 'warn', 'a journal entry not applied yet (error with --strict)'),
  dbRule('db/unknown-migration', 'warn', 'a migrations-table row whose hash matches no local file (another branch, or an edited file)'),
  dbRule('db/edited-after-apply', 'error', "a migration file's sha256 differs from the hash recorded when it was applied"),
  dbRule('db/table-upgrade', 'info', "drizzle-orm 1.0's tracking-table upgrade: a 0.x-shaped table the next migrate converts, or rows it backfilled (applied_at NULL) — explained, not an error"),
  dbRule('db/line-endings', 'warn', 'a migration file differs from the applied one only in CRLF/LF line endings'),
  dbRule('db/missing-schema', 'error', 'a schema the snapshot uses does not exist'),
  dbRule('db/missing-table', 'error', 'a table of the snapshot does not exist'),
  dbRule('db/missing-column', 'error', 'a column of the snapshot does not exist'),
  dbRule('db/column-type', 'error', 'a column has another type than the snapshot says'),
  dbRule('db/column-nullability', 'error', 'a column is nullable where the snapshot says NOT NULL, or the reverse'),
  dbRule('db/column-default', 'error', 'a column default, identity or generated expression differs from the snapshot'),
  dbRule('db/missing-index', 'error', 'an index of the snapshot is missing or defined differently'),
  dbRule('db/missing-foreign-key', 'error', 'a foreign key of the snapshot is missing or defined differently'),
  dbRule('db/missing-unique', 'error', 'a unique constraint of the snapshot is missing or defined differently'),
  dbRule('db/missing-primary-key', 'error', 'a primary key of the snapshot is missing or on other columns'),
  dbRule('db/missing-check', 'error', 'a check constraint of the snapshot is missing or defined differently'),
  dbRule('db/missing-enum', 'error', 'an enum type of the snapshot does not exist'),
  dbRule('db/enum-values', 'error', "an enum's values (or their order) differ from the snapshot"),
  dbRule('db/missing-sequence', 'error', 'a sequence of the snapshot does not exist'),
  dbRule('db/missing-view', 'error', 'a view of the snapshot does not exist'),
  dbRule('db/rls', 'error', 'row-level security flag or policies differ from the snapshot'),
  dbRule('db/drift', 'error', "the live schema differs from the schema source as the tool's own engine compares them (Prisma: introspection vs schema.prisma), with every migration applied"),
  dbRule('db/extra-object', 'warn', 'an object in the database that the snapshot does not have (reported with --strict only)'),
];
