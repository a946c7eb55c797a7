import { timed } from './debug.js';
import { runRules } from './engine/run-rules.js';
import type { Target } from './config/targets.js';
import type { MigrationFolder } from './folder/migration-folder.js';
import { staticRuleCatalog, systemOf } from './systems/index.js';
import { openFolder } from './systems/open-folder.js';
import type { Project } from './project.js';
import { finishRun, type RunResult } from './result.js';
import { createCheckContext } from './rules/check-context.js';
import { judgesSafety, selectSafetyScope, startSafetyBase, type SafetySelection } from './safety/select-migrations.js';
import type { Finding } from './types.js';

/** Static findings of every target, before policy and baseline. */
export async function staticFindings(
  project: Project,
  now = Date.now(),
  // verify passes its own opener so the database checks reuse the folder read here (one read per run).
  open: (target: Target) => Promise<MigrationFolder> = openFolder,
  selection: SafetySelection = {},
): Promise<{ findings: Finding[]; migrations: number; notes: string[] }> {
  let migrations = 0;
  const notes: string[] = [];
  const perTarget = await Promise.all(
    project.targets.map(async (target) => {
      // git answers in parallel with the folder read; a system without safety rules never awaits it
      const base = startSafetyBase(target, project.config, selection);
      base.catch(() => undefined);
      const folder = await timed(`read ${target.label}`, () => open(target));
      migrations += folder.migrations.length;
      const { rules } = systemOf(folder);
      const safety = judgesSafety(rules) ? await selectSafetyScope(target, folder, project.config, selection, base) : undefined;
      if (safety?.reason) notes.push(`${target.label}: safety rules judged ${safety.reason}`);
      return runRules(rules, createCheckContext(folder, { now, whenSkewMs: project.whenSkewMs, safety }), target.label);
    }),
  );
  return { findings: perTarget.flat(), migrations, notes };
}

/** `driftgate check`: the static rules, no database. */
export async function check(project: Project, opts: { baseline?: boolean; now?: number } & SafetySelection = {}): Promise<RunResult> {
  const started = performance.now();
  const { findings, migrations, notes } = await staticFindings(project, opts.now, openFolder, opts);
  return finishRun(project, findings, {
    targets: project.targets.length,
    migrations,
    rules: staticRuleCatalog().length,
    durationMs: Math.round(performance.now() - started),
  }, { baseline: opts.baseline, notes });
}
