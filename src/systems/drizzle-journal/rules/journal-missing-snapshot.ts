import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const journalMissingSnapshot: Rule<CheckContext> = {
  id: 'journal/missing-snapshot',
  severity: 'warn',
  description: 'A migration has no snapshot: drizzle-kit diffs the next migration against the wrong state.',
  run({ folder }) {
    const expected = (tag: string) => (folder.layout === 'journal' ? `meta/${tag.split('_')[0]}_snapshot.json` : `${tag}/snapshot.json`);
    return folder.migrations
      .filter((m) => !m.snapshot)
      .map((m) => ({
        tag: m.tag,
        file: folder.display(expected(m.tag)),
        message: `${m.tag} has no snapshot (${expected(m.tag)}); drizzle-kit generate and check cannot see the schema state after it`,
        fix: 'Restore the snapshot from git; if it never existed, later snapshots still describe the schema, but a generator check of this migration is impossible.',
      }));
  },
};
