import type { Rule } from '../../../types.js';
import type { UpgradeContext } from './upgrade-context.js';

export const upgradeWhenFuture: Rule<UpgradeContext> = {
  id: 'upgrade/when-future',
  severity: 'warn',
  description: 'Upgrade preview: a future `when` becomes a future folder name that every new migration sorts before.',
  run({ folder, plan, now, whenSkewMs }) {
    return plan.moves
      .filter((move) => move.migration.when! > now + whenSkewMs)
      .map((move) => ({
        tag: move.migration.tag,
        file: folder.display('meta/_journal.json'),
        message: `${move.migration.tag} becomes folder ${move.folder}, named after a future time: until then every migration drizzle-kit 1.0 generates on top of it sorts BEFORE it, so drizzle-orm 1.0 runs children before their parent and drizzle-kit refuses the folder`,
        fix: `Set its "when" to the time it was generated (at most now, ${now}, and later than the entry before it) before running drizzle-kit up.`,
      }));
  },
};
