import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const journalInvalid: Rule<CheckContext> = {
  id: 'journal/invalid',
  severity: 'error',
  description: 'meta/_journal.json is missing, unparsable, of the wrong shape, or not a postgresql journal.',
  run({ folder }) {
    // On the 1.0 layout there is no journal; its folder-level problems (a foreign dialect) point at the snapshot.
    const fileOf = (tag?: string) => (folder.layout === 'journal' ? 'meta/_journal.json' : tag ? `${tag}/snapshot.json` : '.');
    return folder.journalProblems.map((p, n) => ({
      message: p.message,
      fix: p.fix,
      file: folder.display(fileOf(p.tag)),
      line: p.line,
      tag: p.tag,
      key: String(n),
    }));
  },
};
