import { timed } from './debug.js';
import { runRules } from './engine/run-rules.js';
import type { Target } from './config/targets.js';
import type { MigrationFolder } from './folder/migration-folder.js';
import { rulesFor, staticRuleCatalog } from './systems/index.js';
import { openFolder } from './systems/open-folder.js';
import type { Project } from './project.js';
import { finishRun, type RunResult } from './result.js';
import { createCheckContext } from './rules/check-context.js';
import type { Finding } from './types.js';

/** Static findings of every target, before policy and baseline. */
export async function staticFindings(
  project: Project,
  now = Date.now(),
  // verify passes its own opener so the database checks reuse the folder read here (one read per run).
  open: (target: Target) => Promise<MigrationFolder> = openFolder,
): Promise<{ findings: Finding[]; migrations: number }> {
  let migrations = 0;
  const perTarget = await Promise.all(
    project.targets.map(async (target) => {
      const folder = await timed(`read ${target.label}`, () => open(target));
      migrations += folder.migrations.length;
      return runRules(rulesFor(folder), createCheckContext(folder, { now, whenSkewMs: project.whenSkewMs }), target.label);
    }),
  );
  return { findings: perTarget.flat(), migrations };
}

/** `driftgate check`: the static rules, no database. */
export async function check(project: Project, opts: { baseline?: boolean; now?: number } = {}): Promise<RunResult> {
  const started = performance.now();
  const { findings, migrations } = await staticFindings(project, opts.now);
  return finishRun(project, findings, {
    targets: project.targets.length,
    migrations,
    rules: staticRuleCatalog().length,
    durationMs: Math.round(performance.now() - started),
  }, { baseline: opts.baseline });
}
