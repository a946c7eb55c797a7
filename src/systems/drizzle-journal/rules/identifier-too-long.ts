import { identifierTooLongRule, longStateName, tooLong } from '../../../rules/identifier-too-long.js';

const TABLE_PARTS = ['columns', 'indexes', 'foreignKeys', 'compositePrimaryKeys', 'uniqueConstraints', 'checkConstraints', 'policies'];
const TOP_PARTS = ['enums', 'sequences', 'views', 'policies', 'roles'];
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

/** identifier/too-long on a 0.x folder: the names of the latest snapshot (a whole schema), then new SQL. */
export const identifierTooLong = identifierTooLongRule(async (ctx) => {
  const latest = await ctx.latestSnapshot();
  if (!latest) return [];
  return longSnapshotNames(latest.snapshot).map(({ kind, name, table }) =>
    longStateName(latest.migration.tag, `${kind}:${name}`, ctx.folder.display(latest.migration.snapshot!.path), kind === 'table' ? 'table' : `${kind.replace(/s$/, '').replace(/ie$/, 'y')} on ${table ?? 'schema'}`, name),
  );
});
