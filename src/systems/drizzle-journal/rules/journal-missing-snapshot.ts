import type { MigrationFolder } from '../../../folder/migration-folder.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';

/** Migrations without a snapshot, each pointed at where its snapshot belongs (`expected`: the layout's path). */
export function missingSnapshots(folder: MigrationFolder, expected: (tag: string) => string): RuleFinding[] {
  return folder.migrations
    .filter((m) => !m.snapshot)
    .map((m) => ({
      tag: m.tag,
      file: folder.display(expected(m.tag)),
      message: `${m.tag} has no snapshot (${expected(m.tag)}); drizzle-kit generate and check cannot see the schema state after it`,
      fix: 'Restore the snapshot from git; if it never existed, later snapshots still describe the schema, but a generator check of this migration is impossible.',
    }));
}

export const journalMissingSnapshot: Rule<CheckContext> = {
  id: 'journal/missing-snapshot',
  severity: 'warn',
  description: 'A migration has no snapshot: drizzle-kit diffs the next migration against the wrong state.',
  run: ({ folder }) => missingSnapshots(folder, (tag) => `meta/${tag.split('_')[0]}_snapshot.json`),
};
