import type { Migration } from '../folder/migration-folder.js';
import type { CheckContext } from '../rules/check-context.js';
import { analyseSafety, type Hazard } from '../sql/safety-analysis.js';
import { DEFAULT_POSTGRES_VERSION, type SafetyScope } from './safety-scope.js';
import { applyTrace, type JudgedHazard } from './trace-hazards.js';

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

const judgedCache = new WeakMap<CheckContext, Promise<JudgedHazard[]>>();

/** The hazards with the embedded replay's trace applied, when the scope has one (see applyTrace). */
export function judgedHazardsOf(ctx: CheckContext): Promise<JudgedHazard[]> {
  let judged = judgedCache.get(ctx);
  if (!judged) {
    const scope = scopeOf(ctx);
    judged = hazardsOf(ctx).then((hazards) => (scope.trace ? applyTrace(ctx, hazards, scope.trace, scope.judged, scope.postgresVersion) : hazards.map((hazard) => ({ hazard }))));
    judgedCache.set(ctx, judged);
  }
  return judged;
}
