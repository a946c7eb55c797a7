import type { DriftgateConfig } from '../config/driftgate-config.js';
import type { Target } from '../config/targets.js';
import { DriftgateError } from '../errors.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { DatabaseFacts } from '../db/table-sizes.js';
import type { Repo } from '../git/repo.js';
import type { Rule } from '../types.js';
import type { DeployTrace } from '../embedded/trace-deploy.js';
import { DEFAULT_POSTGRES_VERSION, type SafetyScope } from './safety-scope.js';

export interface SafetySelection {
  /** --all: judge every migration, each alone. */
  all?: boolean;
  /** --since REF: judge the migrations REF does not have. */
  since?: string;
  /** verify --db: table sizes and server version of the target's databases (undefined: none was asked). */
  databaseFacts?: (target: Target) => Promise<DatabaseFacts | undefined>;
  /** The embedded replay's trace of the target's new migrations (verify without --db). */
  traces?: (target: Target) => DeployTrace | undefined;
}

/** Whether a system's rules include the safety families (the drizzle systems do; their messages assume drizzle's
 * migrator). */
export function judgesSafety(rules: readonly Rule<unknown>[]): boolean {
  return rules.some((r) => SAFETY_FAMILY.test(r.id));
}

export const SAFETY_FAMILY = /^(lock|data|destructive|compat)\//;

/** Which migrations `check` judges for safety: --all, --since REF, else the ones not on the base branch
 * (`safety.base`, default the remote's default branch), else — outside git — the newest one. */
export async function selectSafetyScope(target: Target, folder: MigrationFolder, config: DriftgateConfig, selection: SafetySelection): Promise<SafetyScope> {
  const facts = await selection.databaseFacts?.(target);
  const scope = await selectMigrations(target, folder, config.safety?.base, selection, config.safety?.postgresVersion ?? facts?.postgresVersion ?? DEFAULT_POSTGRES_VERSION);
  const trace = scope.each ? undefined : selection.traces?.(target);
  return { ...scope, ...(facts ? { tableSizes: facts.sizes } : {}), ...(trace ? { trace } : {}) };
}

async function selectMigrations(target: Target, folder: MigrationFolder, configuredBase: string | undefined, selection: SafetySelection, postgresVersion: number): Promise<SafetyScope> {
  const tags = folder.migrations.map((m) => m.tag);
  if (selection.all) return { judged: new Set(tags), fresh: new Set(), each: true, postgresVersion, reason: `all ${tags.length} migrations, each as if it were the only new one` };
  const newest = (why: string): SafetyScope => ({ judged: new Set(tags.slice(-1)), fresh: new Set(tags.slice(-1)), each: false, postgresVersion, reason: `the newest migration (${why})` });

  let repo: Repo;
  try {
    const { Repo } = await import('../git/repo.js');
    repo = await Repo.open(target.outDir);
  } catch {
    if (selection.since) throw new DriftgateError(`--since ${selection.since}: ${folder.label} is not inside a git work tree`, 'Use --all, or run check inside the repository.');
    return newest('not in a git repository');
  }
  try {
    const baseName = selection.since ?? configuredBase ?? (await defaultBase(repo));
    const base = baseName ? await repo.commit(baseName) : null;
    if (!base) {
      if (selection.since || configuredBase) throw new DriftgateError(`unknown git revision ${JSON.stringify(baseName)}`, selection.since ? 'Pass a branch, tag or commit to --since.' : 'Fix safety.base in the driftgate config.');
      return newest('no origin/HEAD, origin/main, main or master to compare with');
    }
    const onBase = await repo.commitListing(base, repo.rel(target.outDir));
    const judged = new Set(folder.migrations.filter((m) => !onBase.has(m.sqlPath)).map((m) => m.tag));
    return { judged, fresh: judged, each: false, postgresVersion, reason: `${judged.size} migration${judged.size === 1 ? '' : 's'} not on ${baseName}` };
  } finally {
    repo.close();
  }
}

/** The remote's default branch (origin/HEAD), else origin/main, main, master. */
async function defaultBase(repo: Repo): Promise<string | undefined> {
  try {
    const head = (await repo.raw(['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])).trim();
    if (head) return head;
  } catch {
    // no origin/HEAD: try the usual names
  }
  for (const name of ['origin/main', 'origin/master', 'main', 'master']) if (await repo.commit(name)) return name;
  return undefined;
}
