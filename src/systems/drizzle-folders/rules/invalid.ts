import { folderProblems, journalInvalid } from '../../drizzle-journal/rules/journal-invalid.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule } from '../../../types.js';

/** journal/invalid on the 1.0 layout: there is no journal; the folder's problems (a foreign dialect) point at the snapshot. */
export const invalid: Rule<CheckContext> = { ...journalInvalid, run: ({ folder }) => folderProblems(folder, (tag) => (tag ? `${tag}/snapshot.json` : '.')) };
