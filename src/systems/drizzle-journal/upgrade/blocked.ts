import { tagPrefix } from '../../../folder/prefix.js';
import { ROOT_ID } from '../../drizzle-folders/snapshot-graph.js';
import type { Rule, RuleFinding } from '../../../types.js';
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
    // up checks the snapshot graph before it writes anything: every parent must exist, and there is one first migration.
    const ids = new Set(plan.moves.flatMap((m) => (m.migration.snapshot?.header.id ? [m.migration.snapshot.header.id] : [])));
    const roots: string[] = [];
    for (const { migration: m } of plan.moves) {
      const h = m.snapshot?.header;
      if (!h || h.error || !h.id) continue;
      const parents = (h.prevIds ?? [h.prevId]).filter((p): p is string => !!p && p !== ROOT_ID);
      if (parents.length === 0) roots.push(m.tag);
      for (const parent of parents.filter((p) => !ids.has(p))) {
        findings.push({
          tag: m.tag,
          key: `parent:${parent}`,
          file: folder.display(m.snapshot!.path),
          message: `drizzle-kit up refuses the whole folder: ${m.tag}'s snapshot follows ${parent}, which no snapshot in the folder has ("a migration was deleted in the middle of the history")`,
          fix: `Before upgrading, set its prevId to the id of the snapshot it really follows (see snapshot/chain), or restore the missing migration.`,
        });
      }
    }
    for (const tag of roots.slice(1)) {
      findings.push({
        tag,
        key: 'root',
        file: folder.display('meta/_journal.json'),
        message: `drizzle-kit up refuses the whole folder: ${tag} is a second first migration (its snapshot has no parent), next to ${roots[0]}`,
        fix: `Before upgrading, point its prevId at the snapshot it follows.`,
      });
    }
    return findings;
  },
};
