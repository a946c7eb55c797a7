import type { Rule, RuleFinding } from '../../../types.js';
import type { UpgradeContext } from './upgrade-context.js';

export const upgradeWhenRegression: Rule<UpgradeContext> = {
  id: 'upgrade/when-regression',
  severity: 'warn',
  description: 'Upgrade preview: a migration 0.x skips (journal/when-order) that drizzle-orm 1.0 will APPLY on the next deploy, since it applies by name.',
  run({ folder, plan }) {
    const findings: RuleFinding[] = [];
    let shadow: { tag: string; when: number; folder: string } | undefined;
    for (const move of plan.moves) {
      const m = move.migration;
      if (shadow && m.when! <= shadow.when) {
        const sortsFirst = move.folder.localeCompare(shadow.folder) < 0;
        findings.push({
          tag: m.tag,
          key: shadow.tag,
          file: folder.display('meta/_journal.json'),
          message:
            `drizzle-orm 0.x skips ${m.tag} on every database where ${shadow.tag} ran first (its when is not later); after the upgrade, drizzle-orm 1.0 applies by NAME, so the next deploy RUNS ${m.tag} on those databases — SQL that has never run there, on a schema that moved on` +
            (sortsFirst ? `. drizzle-kit up itself refuses while its folder ${move.folder} sorts before ${shadow.folder}` : ''),
          fix: `Before upgrading, decide per database: if ${m.tag}'s SQL is still right, let it run (test it on a copy of production); if it was applied by hand, record it in drizzle.__drizzle_migrations first. Then set its "when" to ${shadow.when + 1000} (one second after ${shadow.tag}) so the folder sorts after it.`,
        });
      }
      if (!shadow || m.when! > shadow.when) shadow = { tag: m.tag, when: m.when!, folder: move.folder };
    }
    return findings;
  },
};
