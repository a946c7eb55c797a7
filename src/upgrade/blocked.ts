import { tagPrefix } from '../folder/prefix.js';
import type { Rule, RuleFinding } from '../types.js';
import type { UpgradeContext } from './upgrade-context.js';

export const upgradeBlocked: Rule<UpgradeContext> = {
  id: 'upgrade/blocked',
  severity: 'warn',
  description: 'Upgrade preview: drizzle-kit up will refuse (a missing or broken snapshot, a missing SQL file) or adopt the wrong SQL file.',
  run({ folder, plan }) {
    const findings: RuleFinding[] = [];
    for (const { migration: m } of plan.moves) {
      const snapshot = `meta/${tagPrefix(m.tag)}_snapshot.json`;
      if (!m.snapshot) {
        findings.push({ tag: m.tag, key: 'snapshot', file: folder.display(snapshot), message: `drizzle-kit up stops at ${m.tag}: ${snapshot} does not exist (it moves every snapshot into its folder)`, fix: `Restore ${snapshot} from git before upgrading.` });
      } else if (m.snapshot.header.error) {
        findings.push({ tag: m.tag, key: 'snapshot', file: folder.display(snapshot), message: `drizzle-kit up stops at ${m.tag}: ${snapshot} ${m.snapshot.header.error} and cannot be converted to format 9`, fix: `Restore ${snapshot} from git before upgrading.` });
      }
      if (!m.sqlExists) {
        // planFoldersV3 falls back to any `<prefix>_*.sql` when the tag's own file is missing.
        const stand_in = folder.sqlFiles.filter((f) => f.startsWith(`${tagPrefix(m.tag)}_`));
        findings.push({
          tag: m.tag,
          key: 'sql',
          file: folder.display(m.sqlPath),
          message:
            stand_in.length === 1
              ? `${m.sqlPath} is missing, and drizzle-kit up will take ${stand_in[0]} as ${m.tag}'s migration.sql instead`
              : `drizzle-kit up refuses: the journal entry ${m.tag} has no SQL file (${m.sqlPath})`,
          fix: `Restore ${m.sqlPath} from git before upgrading.`,
        });
      }
    }
    return findings;
  },
};
