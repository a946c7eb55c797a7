import { journalMissingSnapshot, missingSnapshots } from '../../drizzle-journal/rules/journal-missing-snapshot.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule } from '../../../types.js';

/** journal/missing-snapshot on the 1.0 layout: the snapshot belongs in the migration's own folder. */
export const missingSnapshot: Rule<CheckContext> = { ...journalMissingSnapshot, run: ({ folder }) => missingSnapshots(folder, (tag) => `${tag}/snapshot.json`) };
