import type { Rule, RuleFinding } from '../../../types.js';
import type { UpgradeContext } from './upgrade-context.js';

export const upgradeOrderChange: Rule<UpgradeContext> = {
  id: 'upgrade/order-change',
  severity: 'warn',
  description: 'Upgrade preview: entries stamped in one second get folders ordered by name, not by journal order, so 1.0 runs them in another order.',
  run({ folder, plan }) {
    const findings: RuleFinding[] = [];
    let highest = -Infinity;
    for (const [i, move] of plan.moves.entries()) {
      const previous = plan.moves[i - 1];
      const regression = move.migration.when! <= highest; // upgrade/when-regression covers it
      highest = Math.max(highest, move.migration.when!);
      if (!previous || regression || move.order > previous.order) continue;
      findings.push({
        tag: move.migration.tag,
        key: previous.migration.tag,
        file: folder.display('meta/_journal.json'),
        message: `${move.migration.tag} and ${previous.migration.tag} are stamped within one second, so after drizzle-kit up their folders ${move.folder} and ${previous.folder} sort by name: drizzle-orm 1.0 runs ${move.migration.tag} FIRST on a fresh database (and drizzle-kit up refuses if its snapshot follows ${previous.migration.tag})`,
        fix: `Set "when" of ${move.migration.tag} to ${Math.floor(previous.migration.when! / 1000) * 1000 + 1000} (the next second) before running drizzle-kit up.`,
      });
    }
    return findings;
  },
};
