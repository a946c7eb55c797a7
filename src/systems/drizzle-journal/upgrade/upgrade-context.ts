import type { MigrationFolder } from '../../../folder/migration-folder.js';
import type { UpgradePlan } from './plan.js';

/** What the upgrade-preview rules see: a 0.x folder and what `drizzle-kit up` will make of it. */
export interface UpgradeContext {
  folder: MigrationFolder;
  plan: UpgradePlan;
  now: number;
  whenSkewMs: number;
}
