import { staticFindings } from './check.js';
import { runRules } from './engine/run-rules.js';
import { openFolder } from './folder/open-folder.js';
import { upgradeAlreadyV1, upgradeMoveLine, upgradeMoreMoves } from './messages.js';
import type { Project } from './project.js';
import { finishRun, type RunResult } from './result.js';
import { staticRules } from './rules/index.js';
import { upgradeRules } from './upgrade/index.js';
import { planUpgrade } from './upgrade/plan.js';

/** How many planned moves the pretty report lists per folder (JSON users get the upgrade/plan finding). */
const LISTED_MOVES = 30;

/** `driftgate check --upgrade-preview`: the usual static findings of every folder, plus, for each 0.x folder, what
 * `drizzle-kit up` (1.0) will make of it and which of today's anomalies change meaning under drizzle-orm 1.0. */
export async function checkWithUpgradePreview(project: Project, opts: { baseline?: boolean; now?: number } = {}): Promise<RunResult> {
  const started = performance.now();
  const now = opts.now ?? Date.now();
  const { findings, migrations } = await staticFindings(project, now);
  const notes: string[] = [];
  const preview = await Promise.all(
    project.targets.map(async (target) => {
      const folder = await openFolder(target);
      if (folder.layout === 'folders') {
        notes.push(upgradeAlreadyV1(target.label));
        return [];
      }
      const plan = planUpgrade(folder);
      notes.push(...plan.moves.slice(0, LISTED_MOVES).map((m) => upgradeMoveLine(folder.display(m.migration.sqlPath), folder.display(`${m.folder}/migration.sql`))));
      if (plan.moves.length > LISTED_MOVES) notes.push(upgradeMoreMoves(plan.moves.length - LISTED_MOVES));
      return runRules(upgradeRules, { folder, plan, now, whenSkewMs: project.whenSkewMs }, target.label);
    }),
  );
  return finishRun(
    project,
    [...findings, ...preview.flat()],
    { targets: project.targets.length, migrations, rules: staticRules.length + upgradeRules.length, durationMs: Math.round(performance.now() - started) },
    { baseline: opts.baseline, notes },
  );
}
