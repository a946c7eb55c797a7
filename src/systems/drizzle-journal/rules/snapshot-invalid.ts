import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const snapshotInvalid: Rule<CheckContext> = {
  id: 'snapshot/invalid',
  severity: 'error',
  description: 'A snapshot is unparsable, empty, truncated, or lacks id/prevId.',
  run({ folder }) {
    const findings: RuleFinding[] = [];
    const tagOf = new Map(folder.migrations.filter((m) => m.snapshot).map((m) => [m.snapshot!.path, m.tag]));
    for (const s of folder.snapshots) {
      const h = s.header;
      const problem = h.error ?? (h.id === undefined ? 'has no "id"' : h.prevId === undefined && h.prevIds === undefined ? 'has no "prevId"' : undefined);
      if (!problem) continue;
      findings.push({
        file: folder.display(s.path),
        tag: tagOf.get(s.path),
        message: `${s.path} ${problem}`,
        fix: 'Restore the snapshot from git; drizzle-kit cannot diff against a broken snapshot.',
      });
    }
    return findings;
  },
};
