import type { MigrationFolder } from '../../../folder/migration-folder.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';

/** The folder's own problems, each pointed at the file that holds it (`fileOf`: the layout's path for a tag). */
export function folderProblems(folder: MigrationFolder, fileOf: (tag?: string) => string): RuleFinding[] {
  return folder.journalProblems.map((p, n) => ({ message: p.message, fix: p.fix, file: folder.display(fileOf(p.tag)), line: p.line, tag: p.tag, key: String(n) }));
}

export const journalInvalid: Rule<CheckContext> = {
  id: 'journal/invalid',
  severity: 'error',
  description: 'meta/_journal.json is missing, unparsable, of the wrong shape, or not a postgresql journal.',
  run: ({ folder }) => folderProblems(folder, () => 'meta/_journal.json'),
};
