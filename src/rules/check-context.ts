import type { Migration, MigrationFolder } from '../folder/migration-folder.js';
import { readSnapshotJson, readText } from '../folder/read-files.js';
import { scanSql, type SqlStatement } from '../sql/scan-sql.js';
import type { SafetyScope } from '../safety/safety-scope.js';

export const DAY_MS = 86_400_000;

/** What the static rules see: one folder, the clock, and cached file reads. */
export interface CheckContext {
  folder: MigrationFolder;
  now: number;
  /** How far in the future a `when` may be before journal/when-future fires. */
  whenSkewMs: number;
  /** Parsed statements of a migration's SQL (null when the file is missing). */
  statements(migration: Migration): Promise<SqlStatement[] | null>;
  /** The newest migration that has a readable snapshot, with the parsed snapshot. */
  latestSnapshot(): Promise<{ migration: Migration; snapshot: Record<string, unknown> } | null>;
  /** Limit SQL rules to these migrations (pre-commit: only new ones). Undefined: all. */
  onlyTags?: Set<string>;
  /** Which migrations the safety rules (lock/, data/, destructive/, compat/) judge. Undefined: see scopeOf. */
  safety?: SafetyScope;
}

export function createCheckContext(
  folder: MigrationFolder,
  options: { now?: number; whenSkewMs?: number; onlyTags?: Set<string>; safety?: SafetyScope } = {},
): CheckContext {
  const statementCache = new Map<string, Promise<SqlStatement[] | null>>();
  let latest: ReturnType<CheckContext['latestSnapshot']> | undefined;
  return {
    folder,
    now: options.now ?? Date.now(),
    whenSkewMs: options.whenSkewMs ?? DAY_MS,
    onlyTags: options.onlyTags,
    safety: options.safety,
    statements(migration) {
      let cached = statementCache.get(migration.sqlPath);
      if (!cached) {
        cached = migration.sqlExists
          ? readText(folder, migration.sqlPath).then((text) => (text === null ? null : scanSql(text)))
          : Promise.resolve(null);
        statementCache.set(migration.sqlPath, cached);
      }
      return cached;
    },
    latestSnapshot() {
      latest ??= (async () => {
        for (let i = folder.migrations.length - 1; i >= 0; i--) {
          const migration = folder.migrations[i];
          if (!migration.snapshot || migration.snapshot.header.error) continue;
          const snapshot = await readSnapshotJson(folder, migration.snapshot.path);
          if (snapshot) return { migration, snapshot };
        }
        return null;
      })();
      return latest;
    },
  };
}

/** Migrations whose SQL a rule should read: all, or only the ones under judgement. */
export function migrationsInScope(ctx: CheckContext): Migration[] {
  return ctx.onlyTags ? ctx.folder.migrations.filter((m) => ctx.onlyTags!.has(m.tag)) : ctx.folder.migrations;
}

/** Statements of every migration in scope, read in parallel (one sequential read per file costs ~0.2 ms each). */
export async function statementsInScope(ctx: CheckContext): Promise<{ migration: Migration; statements: SqlStatement[] }[]> {
  const migrations = migrationsInScope(ctx);
  const all = await Promise.all(migrations.map((m) => ctx.statements(m)));
  return migrations.map((migration, i) => ({ migration, statements: all[i] ?? [] }));
}
