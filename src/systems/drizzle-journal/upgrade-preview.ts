import { runRules } from '../../engine/run-rules.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { upgradeMoreMoves, upgradeMoveLine } from '../../messages.js';
import { upgradeRules } from './upgrade/index.js';
import { planUpgrade } from './upgrade/plan.js';
import type { MigrationSystem } from '../migration-system.js';

/** How many planned moves the pretty report lists per folder (JSON users get the upgrade/plan finding). */
const LISTED_MOVES = 30;

/** What `drizzle-kit up` (1.0) will make of a 0.x folder, and which of today's anomalies change meaning under
 * drizzle-orm 1.0. */
export const previewUpgrade: NonNullable<MigrationSystem['upgradePreview']> = async (folder: MigrationFolder, ctx) => {
  const plan = planUpgrade(folder);
  const notes = plan.moves.slice(0, LISTED_MOVES).map((m) => upgradeMoveLine(folder.display(m.migration.sqlPath), folder.display(`${m.folder}/migration.sql`)));
  if (plan.moves.length > LISTED_MOVES) notes.push(upgradeMoreMoves(plan.moves.length - LISTED_MOVES));
  const findings = await runRules(upgradeRules, { folder, plan, now: ctx.now, whenSkewMs: ctx.whenSkewMs }, ctx.label);
  return { findings, notes };
};
