import type { Rule } from '../../../types.js';
import type { UpgradeContext } from './upgrade-context.js';

export const upgradePlan: Rule<UpgradeContext> = {
  id: 'upgrade/plan',
  severity: 'info',
  description: 'Upgrade preview: what drizzle-kit up will produce from a 0.x folder.',
  run({ folder, plan }) {
    if (plan.moves.length === 0) return [];
    const first = plan.moves[0];
    const last = plan.moves.at(-1)!;
    return [
      {
        key: 'plan',
        file: folder.display('meta/_journal.json'),
        message:
          `drizzle-kit up will move ${plan.moves.length} migration${plan.moves.length === 1 ? '' : 's'} into one folder each ` +
          `(${first.migration.sqlPath} → ${first.folder}/migration.sql${plan.moves.length > 1 ? ` … ${last.migration.sqlPath} → ${last.folder}/migration.sql` : ''}), ` +
          `rewrite every snapshot to format 9 (the first keeps the full schema, later ones only their changes) and delete meta/; ` +
          `drizzle-orm 1.0 then applies by folder name and, on first run, adds name/applied_at to ${folder.settings.schema}.${folder.settings.table} and backfills the names of applied rows (applied_at stays NULL for them)`,
        fix: 'Run drizzle-kit up (1.0) on a clean work tree, commit the result as one change, and deploy it with drizzle-orm 1.0.',
      },
    ];
  },
};
