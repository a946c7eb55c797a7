import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { folderTime, V1_FOLDER_NAME } from '../../../folder/folder-time.js';

export const folderName: Rule<CheckContext> = {
  id: 'folder/name',
  severity: 'error',
  description: 'A 1.0-layout migration folder not named <YYYYMMDDHHmmss>_<name>: drizzle-orm 1.0 orders and stamps migrations by that prefix.',
  run({ folder }) {
    const findings: RuleFinding[] = [];
    for (const m of folder.migrations) {
      if (folderTime(m.tag) !== undefined) continue;
      const digits = V1_FOLDER_NAME.test(m.tag);
      findings.push({
        tag: m.tag,
        file: folder.display(m.sqlPath),
        message: digits
          ? `${m.tag}/ starts with ${m.tag.slice(0, 14)}, which is not a valid UTC date-time: drizzle-orm 1.0 records a different time for it than its name says, and its place in name order is meaningless`
          : `${m.tag}/ is not named <YYYYMMDDHHmmss>_<name>: drizzle-orm 1.0 applies folders in name order and records the first 14 characters as its time, which here are not a timestamp (the insert into the migrations table fails)`,
        fix: 'Rename the folder to the UTC time it was written, as drizzle-kit generate names folders (e.g. 20250131094512_add_users), keeping it after its parent.',
      });
    }
    return findings;
  },
};
