import type { Migration } from '../../folder/migration-folder.js';
import { readSnapshotJson, readText } from '../../folder/read-files.js';
import { CUSTOM_HEADER } from '../drizzle-kit/compare.js';
import type { RangeContext } from '../../hooks/range-context.js';

type Json = Record<string, unknown>;

/** A migration under judgement, with what it takes to regenerate it. */
export interface NewMigration {
  migration: Migration;
  sql: string;
  /** Parent snapshot; null for the first migration (drizzle-kit starts from an empty schema). */
  prev: Json | null;
  cur: Json;
  /** `drizzle-kit generate --custom`: the generator's header line and a snapshot equal to its parent's. */
  custom: boolean;
}

const cache = new WeakMap<RangeContext, Promise<NewMigration[]>>();

function sameSchema(a: Json | null, b: Json): boolean {
  const strip = (s: Json | null) => {
    if (!s) return '{}';
    const { id: _i, prevId: _p, _meta: _m, ...rest } = s;
    return canonical(rest);
  };
  return a === null ? Object.values(b).every((v) => typeof v !== 'object' || v === null || Object.keys(v).length === 0) : strip(a) === strip(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

/** The judged migrations of a 0.x folder that can be regenerated (SQL and both snapshots readable; other rules
 * report the rest). */
export function newMigrations(ctx: RangeContext): Promise<NewMigration[]> {
  let found = cache.get(ctx);
  if (!found) {
    found = (async () => {
      const { head } = ctx;
      const out: NewMigration[] = [];
      for (const migration of head.migrations) {
        if (!ctx.judged.has(migration.tag) || !migration.sqlExists || !migration.snapshot || migration.snapshot.header.error) continue;
        const parent = migration.index > 0 ? head.migrations[migration.index - 1] : undefined;
        if (migration.index > 0 && (!parent?.snapshot || parent.snapshot.header.error)) continue;
        const [sql, cur, prev] = await Promise.all([
          readText(head, migration.sqlPath),
          readSnapshotJson(head, migration.snapshot.path),
          parent ? readSnapshotJson(head, parent.snapshot!.path) : Promise.resolve(null),
        ]);
        if (sql === null || !cur || (parent && !prev)) continue;
        out.push({ migration, sql, prev, cur, custom: sql.startsWith(CUSTOM_HEADER) && sameSchema(prev, cur) });
      }
      return out;
    })();
    cache.set(ctx, found);
  }
  return found;
}
