import type { Rule } from '../../../types.js';
import type { UpgradeContext } from './upgrade-context.js';

export const upgradeLeftBehind: Rule<UpgradeContext> = {
  id: 'upgrade/left-behind',
  severity: 'warn',
  description: 'Upgrade preview: .sql files no journal entry lists stay loose in the folder after drizzle-kit up (never applied).',
  run({ folder, plan }) {
    const moved = new Set(plan.moves.map((m) => m.migration.sqlPath));
    const prefixesWithoutSql = new Set(plan.moves.filter((m) => !m.migration.sqlExists).map((m) => `${m.migration.tag.split('_')[0]}_`));
    return folder.sqlFiles
      .filter((f) => !moved.has(f) && ![...prefixesWithoutSql].some((p) => f.startsWith(p)))
      .map((f) => ({
        tag: f.replace(/\.sql$/, ''),
        file: folder.display(f),
        message: `${f} is in no journal entry: drizzle-kit up leaves it loose next to the new folders, where drizzle-orm 1.0 never applies it either`,
        fix: 'Delete it before upgrading, or turn it into a migration (drizzle-kit generate --custom) first.',
      }));
  },
};
