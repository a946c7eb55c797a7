import { folderTime } from '../../../folder/folder-time.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';

/** `prisma migrate dev` names a folder `<YYYYMMDDHHmmss>_<name>` (UTC). */
const TIMESTAMPED = /^\d{14}_./;

export const prismaFolderName: Rule<CheckContext> = {
  id: 'prisma/folder-name',
  severity: 'warn',
  description: 'A Prisma migration folder not named <YYYYMMDDHHmmss>_<name> in a history that uses that pattern: Prisma applies folders in name order, so an off-pattern name lands somewhere else in the order than its date says.',
  run({ folder }) {
    // A history that never uses timestamps (01_init, 02_…) has its own consistent order: nothing to say.
    if (!folder.migrations.some((m) => TIMESTAMPED.test(m.tag))) return [];
    const findings: RuleFinding[] = [];
    for (const m of folder.migrations) {
      if (TIMESTAMPED.test(m.tag) && folderTime(m.tag) !== undefined) continue;
      const neighbour = folder.migrations[m.index + 1]?.tag;
      findings.push({
        tag: m.tag,
        file: folder.display(m.tag),
        message: TIMESTAMPED.test(m.tag)
          ? `${m.tag}/ starts with ${m.tag.slice(0, 14)}, which is not a valid UTC date-time: its place in Prisma's name order says nothing about when it was written`
          : `${m.tag}/ is not named <YYYYMMDDHHmmss>_<name> like the rest of the history: Prisma sorts folder names (localeCompare), so it is applied ${neighbour ? `before ${neighbour}` : 'last'}, whatever its date`,
        fix: 'Rename the folder to the UTC time it was written, as prisma migrate dev names folders (e.g. 20250131094512_add_users) — only while no database has applied it (the name is recorded in _prisma_migrations).',
      });
    }
    return findings;
  },
};
