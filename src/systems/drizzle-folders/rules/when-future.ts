import { isoTime } from '../../../messages.js';
import { journalWhenFuture } from '../../drizzle-journal/rules/journal-when-future.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule } from '../../../types.js';
import { folderTime } from '../../../folder/folder-time.js';

export const whenFuture: Rule<CheckContext> = {
  ...journalWhenFuture,
  run({ folder, now, whenSkewMs }) {
    // 1.0: the folder name is the stamp. A future one sorts after everything generated until then, so every new
    // migration that follows it in the snapshot graph sorts before its parent.
    return folder.migrations.flatMap((m) => {
      const at = folderTime(m.tag);
      if (at === undefined || at <= now + whenSkewMs) return [];
      return [{
        tag: m.tag,
        file: folder.display(m.sqlPath),
        message: `${m.tag}/ is stamped ${isoTime(at)}, in the future: every migration generated before that date sorts before it, so drizzle-kit refuses the folder and drizzle-orm 1.0 runs the newer migrations first`,
        fix: `Rename the folder to the time it was written (now would be ${isoTime(now).replace(/\D/g, '').slice(0, 14)}), keeping it after its parent.`,
      }];
    });
  },
};
