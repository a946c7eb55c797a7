import type { Migration } from '../folder/migration-folder.js';
import type { CheckContext } from '../rules/check-context.js';
import { analyseSafety, type Hazard } from '../sql/safety-analysis.js';

/** A table's size as the database reports it (verify --db). */
export interface TableSize {
  /** pg_total_relation_size: heap, indexes and TOAST. */
  bytes: number;
  /** pg_relation_size of the heap alone: 0 means the table has no rows at all. */
  heapBytes: number;
  /** pg_class.reltuples; -1 when the table was never analysed. */
  rows: number;
}

/** Which migrations the safety rules judge, and what they know about the target database. */
export interface SafetyScope {
  /** Migrations whose statements are judged. */
  judged: Set<string>;
  /** Migrations no database has applied yet (judged ones included): what they create is new. */
  fresh: Set<string>;
  /** `--all`: every migration judged alone, as if it were the only new one. */
  each: boolean;
  postgresVersion: number;
  /** How the judged set was chosen, for the run's notes ("2 new migrations, not on origin/main"). */
  reason?: string;
  /** Sizes by `schema.table`, when a database was asked. */
  tableSizes?: Map<string, TableSize>;
}

export const DEFAULT_POSTGRES_VERSION = 15;

/** The scope a context implies when no command chose one: the migrations the hook judges, else the newest one. */
export function scopeOf(ctx: CheckContext): SafetyScope {
  if (ctx.safety) return ctx.safety;
  const newest = ctx.folder.migrations.at(-1);
  const judged = ctx.onlyTags ?? new Set(newest ? [newest.tag] : []);
  return { judged, fresh: judged, each: false, postgresVersion: DEFAULT_POSTGRES_VERSION };
}

const cache = new WeakMap<CheckContext, Promise<Hazard[]>>();

/** The hazards of the judged migrations, computed once per context and shared by every safety rule. */
export function hazardsOf(ctx: CheckContext): Promise<Hazard[]> {
  let hazards = cache.get(ctx);
  if (!hazards) {
    const scope = scopeOf(ctx);
    const migrations = ctx.folder.migrations;
    const fresh: Migration[] = scope.each ? migrations.filter((m) => scope.judged.has(m.tag)) : migrations.filter((m) => scope.fresh.has(m.tag) || scope.judged.has(m.tag));
    hazards = scope.judged.size === 0
      ? Promise.resolve([])
      : analyseSafety({ folder: ctx.folder, fresh, judged: scope.judged, each: scope.each, postgresVersion: scope.postgresVersion, statements: (m) => ctx.statements(m) });
    cache.set(ctx, hazards);
  }
  return hazards;
}
