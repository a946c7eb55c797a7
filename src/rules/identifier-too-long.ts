import type { Rule, RuleFinding } from '../types.js';
import { migrationsInScope, type CheckContext } from './check-context.js';

const MAX_BYTES = 63;

/** Text right before an identifier that is being dropped, e.g. `ALTER TABLE "t" DROP CONSTRAINT IF EXISTS `. */
const DROPPED_NAME = /\bDROP\s+(?:CONSTRAINT|INDEX|COLUMN|VALUE)?\s*(?:IF\s+EXISTS\s+)?(?:"[^"]*"\.)?$/i;

export const tooLong = (name: unknown): name is string => typeof name === 'string' && Buffer.byteLength(name, 'utf8') > MAX_BYTES;

/** identifier/too-long for a name of the schema state (`what`: "table", "column on users"). */
export const longStateName = (tag: string, key: string, file: string, what: string, name: string): RuleFinding => ({
  tag,
  key,
  file,
  message: `${what} "${name}" is ${Buffer.byteLength(name)} bytes; Postgres truncates it to 63, so the database name differs from the snapshot and later migrations that reference it fail`,
  fix: `Give it an explicit name of at most 63 bytes in the schema (e.g. .references(..., { name }) / index("...") / foreignKey({ name })) and generate a migration.`,
});

/** identifier/too-long for one migration system: the long names of the schema state its folder describes
 * (`stateFindings`: the system reads its snapshots, or nothing), then those in new SQL. */
export function identifierTooLongRule(stateFindings: (ctx: CheckContext) => Promise<RuleFinding[]>): Rule<CheckContext> {
  return {
    id: 'identifier/too-long',
    severity: 'error',
    description: 'A table/column/index/constraint/enum name longer than 63 bytes: Postgres silently truncates it.',
    run: async (ctx) => longSqlNames(ctx, await stateFindings(ctx)),
  };
}

/** Appends the long names of new SQL (pre-commit judges only the staged migrations; check looks at the newest one):
 * a hand-written migration's names never reach a snapshot. */
async function longSqlNames(ctx: CheckContext, findings: RuleFinding[]): Promise<RuleFinding[]> {
  const reported = new Set(findings.map((f) => f.key!.slice(f.key!.indexOf(':') + 1)));
  const scope = ctx.onlyTags ? migrationsInScope(ctx) : ctx.folder.migrations.slice(-1);
  for (const m of scope) {
    for (const statement of (await ctx.statements(m)) ?? []) {
      if (/^\s*DROP\b/i.test(statement.code)) continue; // dropping a long name is the cure, not the disease
      for (const match of statement.code.matchAll(/"((?:[^"]|"")+)"/g)) {
        const name = match[1].replace(/""/g, '"');
        if (!tooLong(name) || reported.has(name)) continue;
        if (DROPPED_NAME.test(statement.code.slice(Math.max(0, match.index! - 60), match.index))) continue;
        reported.add(name);
        findings.push({
          tag: m.tag,
          key: `sql:${name}`,
          file: ctx.folder.display(m.sqlPath),
          line: statement.line,
          message: `"${name}" in ${m.sqlPath} is ${Buffer.byteLength(name)} bytes; Postgres truncates identifiers to 63 bytes, silently`,
          fix: 'Use a name of at most 63 bytes (and the same name in the schema, so the snapshot matches the database).',
        });
      }
    }
  }
  return findings;
}
