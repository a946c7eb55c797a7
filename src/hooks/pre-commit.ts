import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Target } from '../config/targets.js';
import { debug, timed } from '../debug.js';
import { runRules } from '../engine/run-rules.js';
import type { Oracle } from '../generator/oracle.js';
import { EMPTY_TREE, type Repo } from '../git/repo.js';
import type { Project } from '../project.js';
import { finishRun, type RunResult } from '../result.js';
import { resolveSchemaFiles } from '../schema/schema-files.js';
import type { Finding } from '../types.js';
import { judgeRange, rangeRules, remoteHistory } from './judge-range.js';
import { mergeUnavailable } from './merge-unavailable.js';
import { mayUseGenerator, stagedForGenerator, staticRuleCatalog } from '../systems/index.js';

export interface PreCommitOptions {
  /** Files lint-staged passes (absolute or relative to cwd). Absent: judge every target's staged change. */
  files?: string[];
  now?: number;
  baseline?: boolean;
  /** Generator workers started before the project was loaded, by project root (see startEarlyOracle). */
  oracles?: Map<string, Oracle>;
}

const inside = (file: string, dir: string) => {
  const rel = relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`));
};

/** Which targets the staged files touch: their migrations folder, or their schema. */
export function touchedTargets(project: Project, files: string[] | undefined): { target: Target; folder: boolean; schema: boolean }[] {
  if (!files) return project.targets.map((target) => ({ target, folder: true, schema: false }));
  const abs = files.map((f) => resolve(project.cwd, f));
  return project.targets
    .map((target) => {
      const schemaFiles = new Set(target.schema.length ? resolveSchemaFiles(target.schema) : []);
      return { target, folder: abs.some((f) => inside(f, target.outDir)), schema: abs.some((f) => schemaFiles.has(f)) };
    })
    .filter((t) => t.folder || t.schema);
}

/** `driftgate pre-commit`: judges what the index (the commit being made) changes in each migrations folder. */
export async function preCommit(project: Project, opts: PreCommitOptions = {}): Promise<RunResult> {
  const started = performance.now();
  const now = opts.now ?? Date.now();
  const touched = touchedTargets(project, opts.files);
  const stats = (migrations: number) => ({ targets: touched.length, migrations, rules: staticRuleCatalog().length + rangeRules.length, durationMs: Math.round(performance.now() - started) });
  const early = opts.oracles ?? new Map<string, Oracle>();
  const generating = touched.filter((t) => mayUseGenerator(t.target));
  const closeUnused = () => {
    for (const [root, oracle] of early) if (!generating.some((t) => t.target.root === root)) oracle.close();
  };
  if (touched.length === 0) {
    closeUnused();
    return finishRun(project, [], stats(0), { baseline: opts.baseline, notes: ['nothing staged in a migrations folder or schema'] });
  }

  // Start drizzle-kit first: loading it is the longest single step (~0.3–0.6 s), and it runs in its own process
  // while git is read. lint-staged only calls us with files in a folder or schema, so it is rarely wasted.
  closeUnused();
  // Only for targets whose system has a generator: a Prisma or Supabase folder never asks drizzle-kit.
  const oracles = new Map([...early].filter(([root]) => generating.some((t) => t.target.root === root)));
  if (generating.length) {
    const { Oracle } = await import('../generator/oracle.js');
    for (const t of generating) if (!oracles.has(t.target.root)) oracles.set(t.target.root, new Oracle(t.target.root));
    for (const t of generating) if (t.schema) oracles.get(t.target.root)!.preloadSchema(resolveSchemaFiles(t.target.schema));
  }
  let repo: Repo | undefined;
  try {
    const { Repo } = await import('../git/repo.js');
    const git = (repo = await Repo.open(project.cwd));
    const head = (await git.commit('HEAD')) ?? EMPTY_TREE;
    const folders = touched.map((t) => git.rel(t.target.outDir));
    const changed = await git.changes(head, undefined, folders);
    const changedIn = (folder: string) => changed.some((c) => folder === '' || c.path.startsWith(`${folder}/`));
    const work = touched.filter((t) => t.schema || changedIn(git.rel(t.target.outDir)));

    const allowUnpushed = project.config.allowUnpushedEdits !== false;
    let migrations = 0;
    const findings: Finding[] = [];
    await Promise.all(
      work.map(async ({ target, schema }) => {
        const folderPath = git.rel(target.outDir);
        const oracle = mayUseGenerator(target) ? oracles.get(target.root) : undefined;
        const onRemote = allowUnpushed ? await remoteHistory(git, folderPath) : 'all';
        const outcome = await timed(`judge ${target.label}`, () =>
          judgeRange({
            repo: git, target, base: head, baseName: head === EMPTY_TREE ? 'nothing' : 'HEAD', head: { index: true }, onRemote, oracle,
            customMigrations: project.config.customMigrations ?? 'warn', now, whenSkewMs: project.whenSkewMs, postgresVersion: project.config.safety?.postgresVersion,
          }),
        );
        migrations += outcome.folder.migrations.length;
        findings.push(...outcome.findings);
        if (schema) {
          const rule = (await import('../schema/schema-findings.js')).schemaRuleOf(outcome.folder);
          if (rule) findings.push(...(await runRules([rule], { target, folder: outcome.folder, oracle }, target.label)));
        }
        debug(`${target.label}: judged ${[...outcome.judged].join(', ') || 'nothing new'}`);
      }),
    );
    return finishRun(project, mergeUnavailable(findings), stats(migrations), { baseline: opts.baseline });
  } finally {
    for (const oracle of oracles.values()) oracle.close();
    repo?.close();
  }
}

/** lint-staged calls `driftgate pre-commit <files>` only when a migration or schema file is staged, so the generator
 * worker can start before the project config is even loaded (~50–150 ms earlier), for the usual project root: the
 * working directory — when a staged file is one a system's generator may need (not for `.prisma` files alone).
 * preCommit closes it when no target with a generator has that root. */
export async function startEarlyOracle(cwd: string, files: string[]): Promise<Map<string, Oracle>> {
  if (!stagedForGenerator(files)) return new Map();
  const { Oracle } = await import('../generator/oracle.js');
  return new Map([[cwd, new Oracle(cwd)]]);
}
