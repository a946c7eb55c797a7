import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Target } from '../config/targets.js';
import { debug, timed } from '../debug.js';
import { runRules } from '../engine/run-rules.js';
import { EMPTY_TREE, type Repo } from '../git/repo.js';
import type { Project } from '../project.js';
import { finishRun, type RunResult } from '../result.js';
import { resolveSchemaFiles } from '../schema/schema-files.js';
import type { Finding } from '../types.js';
import { judgeRange, rangeRules, remoteHistory } from './judge-range.js';
import { mergeUnavailable } from './merge-unavailable.js';
import { generatorPool, type GeneratorPool } from '../systems/generator-pool.js';
import { staticRuleCatalog, systemOf, SYSTEMS } from '../systems/index.js';
import { workTreeSystem } from '../systems/open-folder.js';

export interface PreCommitOptions {
  /** Files lint-staged passes (absolute or relative to cwd). Absent: judge every target's staged change. */
  files?: string[];
  now?: number;
  baseline?: boolean;
  /** Generators started before the project was loaded (see startEarlyGenerators); closed by preCommit. */
  generators?: GeneratorPool;
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
  const generators = opts.generators ?? generatorPool();
  if (touched.length === 0) {
    generators.close();
    return finishRun(project, [], stats(0), { baseline: opts.baseline, notes: ['nothing staged in a migrations folder or schema'] });
  }

  // Start each folder's generator first (drizzle-kit: the longest single step, ~0.3–0.6 s, in its own process) while
  // git is read. lint-staged only calls us with files in a folder or schema, so it is rarely wasted.
  for (const t of touched) {
    void workTreeSystem(t.target)
      .then((system) => generators.get(system, t.target.root))
      .then((generator) => t.schema && generator?.preloadSchema?.(resolveSchemaFiles(t.target.schema)), () => undefined);
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
        const onRemote = allowUnpushed ? await remoteHistory(git, folderPath) : 'all';
        const outcome = await timed(`judge ${target.label}`, () =>
          judgeRange({
            repo: git, target, base: head, baseName: head === EMPTY_TREE ? 'nothing' : 'HEAD', head: { index: true }, onRemote, generators,
            customMigrations: project.config.customMigrations ?? 'warn', now, whenSkewMs: project.whenSkewMs, postgresVersion: project.config.safety?.postgresVersion,
          }),
        );
        migrations += outcome.folder.migrations.length;
        findings.push(...outcome.findings);
        if (schema) {
          const rule = (await import('../schema/schema-findings.js')).schemaRuleOf(outcome.folder);
          if (rule) findings.push(...(await runRules([rule], { target, folder: outcome.folder, generator: await generators.get(systemOf(outcome.folder), target.root) }, target.label)));
        }
        debug(`${target.label}: judged ${[...outcome.judged].join(', ') || 'nothing new'}`);
      }),
    );
    return finishRun(project, mergeUnavailable(findings), stats(migrations), { baseline: opts.baseline });
  } finally {
    generators.close();
    repo?.close();
  }
}

/** lint-staged calls `driftgate pre-commit <files>` only when a migration or schema file is staged, so generators can
 * start before the project config is even loaded (~50–150 ms earlier): those of the systems whose project markers
 * (drizzle.config.*) are in the working directory, for that root, when a staged file is one their checks may need
 * (`generatorInput`: not for `.prisma` files alone). */
export function startEarlyGenerators(cwd: string, files: string[]): GeneratorPool {
  const generators = generatorPool();
  for (const system of SYSTEMS) {
    if (!system.startGenerator || !files.some((f) => system.generatorInput?.(f) ?? true)) continue;
    if (system.projectMarkers?.some((marker) => existsSync(join(cwd, marker)))) void generators.get(system, cwd).catch(() => undefined);
  }
  return generators;
}
