import type { Rule, RuleFinding } from '../types.js';
import { migrationsInScope, type CheckContext } from './check-context.js';
import { v1FinalState } from '../systems/drizzle-folders/state.js';

const MAX_BYTES = 63;
const TABLE_PARTS = ['columns', 'indexes', 'foreignKeys', 'compositePrimaryKeys', 'uniqueConstraints', 'checkConstraints', 'policies'];
const TOP_PARTS = ['enums', 'sequences', 'views', 'policies', 'roles'];

/** Text right before an identifier that is being dropped, e.g. `ALTER TABLE "t" DROP CONSTRAINT IF EXISTS `. */
const DROPPED_NAME = /\bDROP\s+(?:CONSTRAINT|INDEX|COLUMN|VALUE)?\s*(?:IF\s+EXISTS\s+)?(?:"[^"]*"\.)?$/i;

const tooLong = (name: unknown): name is string => typeof name === 'string' && Buffer.byteLength(name, 'utf8') > MAX_BYTES;
const values = (v: unknown): Record<string, unknown>[] =>
  v && typeof v === 'object' ? (Object.values(v) as unknown[]).filter((x): x is Record<string, unknown> => !!x && typeof x === 'object') : [];

/** Names of the latest snapshot longer than Postgres' 63-byte limit, as "kind name". */
export function longSnapshotNames(snapshot: Record<string, unknown>): { kind: string; name: string; table?: string }[] {
  const out: { kind: string; name: string; table?: string }[] = [];
  for (const table of values(snapshot.tables)) {
    if (tooLong(table.name)) out.push({ kind: 'table', name: table.name });
    for (const part of TABLE_PARTS)
      for (const item of values(table[part])) if (tooLong(item.name)) out.push({ kind: part, name: item.name, table: String(table.name) });
  }
  for (const part of TOP_PARTS) for (const item of values(snapshot[part])) if (tooLong(item.name)) out.push({ kind: part, name: item.name });
  return out;
}

const V1_KINDS: Record<string, string> = {
  tables: 'table', columns: 'column', indexes: 'index', fks: 'foreign key', pks: 'primary key', uniques: 'unique constraint',
  checks: 'check constraint', enums: 'enum', sequences: 'sequence', views: 'view', policies: 'policy', roles: 'role', schemas: 'schema',
};
const FIX = `Give it an explicit name of at most 63 bytes in the schema (e.g. .references(..., { name }) / index("...") / foreignKey({ name })) and generate a migration.`;

export const identifierTooLong: Rule<CheckContext> = {
  id: 'identifier/too-long',
  severity: 'error',
  description: 'A table/column/index/constraint/enum name longer than 63 bytes: Postgres silently truncates it.',
  async run(ctx) {
    const findings: RuleFinding[] = [];
    if (ctx.folder.layout === 'folders') {
      // 1.0 snapshots hold deltas: replay them, and point at the migration that introduced the name.
      for (const e of await v1FinalState(ctx.folder)) {
        if (!tooLong(e.name)) continue;
        const kind = V1_KINDS[e.entityType] ?? e.entityType.replace(/s$/, '');
        findings.push({
          tag: e.migration.tag,
          key: `${e.entityType}:${e.name}`,
          file: ctx.folder.display(e.migration.snapshot!.path),
          message: `${kind}${e.table && e.entityType !== 'tables' ? ` on ${e.table}` : ''} "${e.name}" is ${Buffer.byteLength(e.name)} bytes; Postgres truncates it to 63, so the database name differs from the snapshot and later migrations that reference it fail`,
          fix: FIX,
        });
      }
    }
    const latest = ctx.folder.layout === 'journal' ? await ctx.latestSnapshot() : null;
    if (latest) {
      for (const { kind, name, table } of longSnapshotNames(latest.snapshot)) {
        findings.push({
          tag: latest.migration.tag,
          key: `${kind}:${name}`,
          file: ctx.folder.display(latest.migration.snapshot!.path),
          message: `${kind === 'table' ? 'table' : `${kind.replace(/s$/, '').replace(/ie$/, 'y')} on ${table ?? 'schema'}`} "${name}" is ${Buffer.byteLength(name)} bytes; Postgres truncates it to 63, so the database name differs from the snapshot and later migrations that reference it fail`,
          fix: FIX,
        });
      }
    }
    // New SQL too (pre-commit judges only the staged migrations; check looks at the newest one): a hand-written
    // migration's names never reach a snapshot.
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
  },
};
