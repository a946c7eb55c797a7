import type { Rule } from '../types.js';
import type { CheckContext } from './check-context.js';

export const journalInvalid: Rule<CheckContext> = {
  id: 'journal/invalid',
  severity: 'error',
  description: 'meta/_journal.json is missing, unparsable, of the wrong shape, or not a postgresql journal.',
  run({ folder }) {
    if (folder.layout !== 'journal') return [];
    return folder.journalProblems.map((p, n) => ({
      message: p.message,
      fix: p.fix,
      file: folder.display('meta/_journal.json'),
      line: p.line,
      tag: p.tag,
      key: String(n),
    }));
  },
};
