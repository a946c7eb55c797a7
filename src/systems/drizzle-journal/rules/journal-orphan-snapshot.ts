import type { Rule } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const journalOrphanSnapshot: Rule<CheckContext> = {
  id: 'journal/orphan-snapshot',
  severity: 'warn',
  description: 'A snapshot file that belongs to no journal entry.',
  run({ folder }) {
    if (!folder.journal) return [];
    const used = new Set(folder.migrations.map((m) => m.snapshot?.path));
    return folder.snapshots
      .filter((s) => !used.has(s.path))
      .map((s) => ({
        file: folder.display(s.path),
        tag: s.path.slice('meta/'.length).replace(/_snapshot\.json$/, ''),
        message: `${s.path} belongs to no journal entry (left over from a dropped or merged migration?)`,
        fix: 'Delete it if the migration it belonged to was removed; otherwise restore that migration\'s journal entry.',
      }));
  },
};
