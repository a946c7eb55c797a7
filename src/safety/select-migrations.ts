import type { DriftgateConfig } from '../config/driftgate-config.js';
import type { Target } from '../config/targets.js';
import { DriftgateError } from '../errors.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { DatabaseFacts } from '../db/table-sizes.js';
import type { Repo } from '../git/repo.js';
import type { TreeListing } from '../git/tree-source.js';
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

/** What the base revision holds under a target's folder, read from git; or why there is none to compare with. */
export type SafetyBase = { name: string; listing: TreeListing } | { none: string };

/** Which migrations `check` judges for safety: --all, --since REF, else the ones not on the base branch
 * (`safety.base`, default the remote's default branch), else — outside git — the newest one. `base` is
 * `startSafetyBase`'s promise: the git work needs only the folder's path, so it runs while the folder is read. */
export async function selectSafetyScope(target: Target, folder: MigrationFolder, config: DriftgateConfig, selection: SafetySelection, base: Promise<SafetyBase | undefined> = startSafetyBase(target, config, selection)): Promise<SafetyScope> {
  const facts = await selection.databaseFacts?.(target);
  const postgresVersion = config.safety?.postgresVersion ?? facts?.postgresVersion ?? DEFAULT_POSTGRES_VERSION;
  const scope = scopeOf(folder, await base, postgresVersion);
  const trace = scope.each ? undefined : selection.traces?.(target);
  return { ...scope, ...(facts ? { tableSizes: facts.sizes } : {}), ...(trace ? { trace } : {}) };
}

function scopeOf(folder: MigrationFolder, base: SafetyBase | undefined, postgresVersion: number): SafetyScope {
  const tags = folder.migrations.map((m) => m.tag);
  if (!base) return { judged: new Set(tags), fresh: new Set(), each: true, postgresVersion, reason: `all ${tags.length} migrations, each as if it were the only new one` };
  if ('none' in base) return { judged: new Set(tags.slice(-1)), fresh: new Set(tags.slice(-1)), each: false, postgresVersion, reason: `the newest migration (${base.none})` };
  const judged = new Set(folder.migrations.filter((m) => !base.listing.has(m.sqlPath)).map((m) => m.tag));
  return { judged, fresh: judged, each: false, postgresVersion, reason: `${judged.size} migration${judged.size === 1 ? '' : 's'} not on ${base.name}` };
}

/** The git half of `selectSafetyScope` (undefined for --all). Rejects only for --since or `safety.base` that cannot
 * be honoured; callers that may not need it attach a handler before awaiting other work. */
export async function startSafetyBase(target: Target, config: DriftgateConfig, selection: SafetySelection): Promise<SafetyBase | undefined> {
  if (selection.all) return undefined;
  const configuredBase = config.safety?.base;
  let repo: Repo;
  try {
    const { Repo } = await import('../git/repo.js');
    repo = await Repo.open(target.outDir);
  } catch {
    if (selection.since) throw new DriftgateError(`--since ${selection.since}: ${target.label} is not inside a git work tree`, 'Use --all, or run check inside the repository.');
    return { none: 'not in a git repository' };
  }
  try {
    const named = selection.since ?? configuredBase;
    const { name, sha } = named ? { name: named, sha: await repo.commit(named) } : await defaultBase(repo);
    if (!sha || !name) {
      if (named) throw new DriftgateError(`unknown git revision ${JSON.stringify(named)}`, selection.since ? 'Pass a branch, tag or commit to --since.' : 'Fix safety.base in the driftgate config.');
      return { none: 'no origin/HEAD, origin/main, main or master to compare with' };
    }
    return { name, listing: await repo.commitListing(sha, repo.rel(target.outDir)) };
  } finally {
    repo.close();
  }
}

const BASE_CANDIDATES = ['refs/remotes/origin/HEAD', 'refs/remotes/origin/main', 'refs/remotes/origin/master', 'refs/heads/main', 'refs/heads/master'];

/** The remote's default branch (origin/HEAD), else origin/main, main, master — all asked in one git process, since
 * each spawn costs more than the rules of a 300-migration check. */
async function defaultBase(repo: Repo): Promise<{ name?: string; sha: string | null }> {
  const out = await repo.raw(['for-each-ref', '--format=%(refname)%00%(symref:short)%00%(objectname)', ...BASE_CANDIDATES]);
  const found = new Map(out.split('\n').filter(Boolean).map((line) => {
    const [ref, symref, sha] = line.split('\0');
    return [ref, { name: symref || ref.replace(/^refs\/(remotes|heads)\//, ''), sha }] as const;
  }));
  for (const ref of BASE_CANDIDATES) if (found.has(ref)) return found.get(ref)!;
  return { sha: null };
}
