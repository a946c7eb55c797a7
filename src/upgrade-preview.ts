import { staticFindings } from './check.js';
import { openFolder } from './systems/open-folder.js';
import type { Project } from './project.js';
import { finishRun, type RunResult } from './result.js';
import { staticRuleCatalog, systemOf, SYSTEMS } from './systems/index.js';

/** `driftgate check --upgrade-preview`: the usual static findings of every folder, plus what each folder's system says its
 * tool's next format will make of it (drizzle-kit 0.x: what `drizzle-kit up` does, and which anomalies change meaning). */
export async function checkWithUpgradePreview(project: Project, opts: { baseline?: boolean; now?: number } = {}): Promise<RunResult> {
  const started = performance.now();
  const now = opts.now ?? Date.now();
  const { findings, migrations } = await staticFindings(project, now);
  const preview = await Promise.all(
    project.targets.map(async (target) => {
      const folder = await openFolder(target);
      return systemOf(folder).upgradePreview?.(folder, { now, whenSkewMs: project.whenSkewMs, label: target.label });
    }),
  );
  const notes = preview.flatMap((p) => p?.notes ?? []);
  return finishRun(
    project,
    [...findings, ...preview.flatMap((p) => p?.findings ?? [])],
    { targets: project.targets.length, migrations, rules: staticRuleCatalog().length + SYSTEMS.flatMap((s) => s.upgradeRules ?? []).length, durationMs: Math.round(performance.now() - started) },
    { baseline: opts.baseline, notes },
  );
}
