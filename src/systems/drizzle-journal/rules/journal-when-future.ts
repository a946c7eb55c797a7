import { isoTime } from '../../../messages.js';
import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { lineOf } from '../../../folder/journal.js';

export const journalWhenFuture: Rule<CheckContext> = {
  id: 'journal/when-future',
  severity: 'error',
  description: "An entry's `when` lies in the future: once applied, it shadows every migration generated before that date.",
  run({ folder, now, whenSkewMs }) {
    return folder.migrations
      .filter((m) => m.when !== undefined && m.when > now + whenSkewMs)
      .map((m) => ({
        tag: m.tag,
        file: folder.display('meta/_journal.json'),
        line: folder.journalText ? lineOf(folder.journalText, `"${m.tag}"`) : undefined,
        message: `${m.tag} is stamped ${isoTime(m.when!)}, in the future: once a database applies it, drizzle skips every migration generated before that date`,
        fix: `Set its "when" to the time it was generated (now would be ${now}), keeping it greater than the entry before it.`,
      }));
  },
};
