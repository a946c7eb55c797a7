import type { Rule, RuleFinding } from '../types.js';
import type { UpgradeContext } from './upgrade-context.js';

export const upgradeNameCollision: Rule<UpgradeContext> = {
  id: 'upgrade/name-collision',
  severity: 'warn',
  description: 'Upgrade preview: two entries map to one folder name; drizzle-kit up fails half-way (mkdir EEXIST) with some files already moved.',
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
        message: `${move.migration.tag} and ${first} both become folder ${move.folder}: drizzle-kit up stops with EEXIST after moving part of the folder`,
        fix: `Give ${move.migration.tag} a "when" in another second (after ${first}) before running drizzle-kit up.`,
      });
    }
    return findings;
  },
};
