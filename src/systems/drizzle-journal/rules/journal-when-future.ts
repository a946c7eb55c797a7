import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { lineOf } from '../../../folder/journal.js';
import { folderTime } from '../../drizzle-folders/rules/folder-name.js';

export const journalWhenFuture: Rule<CheckContext> = {
  id: 'journal/when-future',
  severity: 'error',
  description: "An entry's `when` lies in the future: once applied, it shadows every migration generated before that date.",
  run({ folder, now, whenSkewMs }) {
    if (folder.layout === 'folders') {
      // 1.0: the folder name is the stamp. A future one sorts after everything generated until then, so every new
      // migration that follows it in the snapshot graph sorts before its parent.
      return folder.migrations.flatMap((m) => {
        const at = folderTime(m.tag);
        if (at === undefined || at <= now + whenSkewMs) return [];
        return [{
          tag: m.tag,
          file: folder.display(m.sqlPath),
          message: `${m.tag}/ is stamped ${new Date(at).toISOString()}, in the future: every migration generated before that date sorts before it, so drizzle-kit refuses the folder and drizzle-orm 1.0 runs the newer migrations first`,
          fix: `Rename the folder to the time it was written (now would be ${new Date(now).toISOString().replace(/\D/g, '').slice(0, 14)}), keeping it after its parent.`,
        }];
      });
    }
    return folder.migrations
      .filter((m) => m.when !== undefined && m.when > now + whenSkewMs)
      .map((m) => ({
        tag: m.tag,
        file: folder.display('meta/_journal.json'),
        line: folder.journalText ? lineOf(folder.journalText, `"${m.tag}"`) : undefined,
        message: `${m.tag} is stamped ${new Date(m.when!).toISOString()}, in the future: once a database applies it, drizzle skips every migration generated before that date`,
        fix: `Set its "when" to the time it was generated (now would be ${now}), keeping it greater than the entry before it.`,
      }));
  },
};
