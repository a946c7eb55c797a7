import type { Rule, RuleFinding } from '../../../types.js';
import type { UpgradeContext } from './upgrade-context.js';

export const upgradeNameCollision: Rule<UpgradeContext> = {
  id: 'upgrade/name-collision',
  severity: 'warn',
  description: 'Upgrade preview: two entries map to one folder name; drizzle-kit up refuses (or, without its order check, fails half-way with EEXIST).',
  run({ folder, plan }) {
    const seen = new Map<string, string>();
    const findings: RuleFinding[] = [];
    for (const move of plan.moves) {
      const first = seen.get(move.folder);
      if (first === undefined) {
        seen.set(move.folder, move.migration.tag);
        continue;
      }
      findings.push({
        tag: move.migration.tag,
        key: move.folder,
        file: folder.display('meta/_journal.json'),
        message: `${move.migration.tag} and ${first} both become folder ${move.folder}: drizzle-kit 1.0 up refuses the folder (the second sorts before its parent; no file is changed), and a version without that check stops with EEXIST after moving part of it`,
        fix: `Give ${move.migration.tag} a "when" in another second (after ${first}) before running drizzle-kit up.`,
      });
    }
    return findings;
  },
};
