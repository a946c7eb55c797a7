import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

export const snapshotCollision: Rule<CheckContext> = {
  id: 'snapshot/collision',
  severity: 'error',
  description: 'Two snapshots share a parent: two branches generated migrations from the same state (1.0 layout: unmerged branches that change the same objects).',
  run({ folder }) {
    const findings: RuleFinding[] = [];
    const firstChild = new Map<string, string>();
    const tagOf = new Map(folder.migrations.filter((m) => m.snapshot).map((m) => [m.snapshot!.path, m.tag]));
    const ordered = [...folder.snapshots].sort((a, b) => (tagOf.has(a.path) ? 0 : 1) - (tagOf.has(b.path) ? 0 : 1));
    for (const s of ordered) {
      const parents = s.header.prevIds ?? (s.header.prevId !== undefined ? [s.header.prevId] : []);
      for (const parent of parents) {
        const sibling = firstChild.get(parent);
        if (sibling === undefined) {
          firstChild.set(parent, s.path);
          continue;
        }
        findings.push({
          tag: tagOf.get(s.path),
          key: parent,
          file: folder.display(s.path),
          message: `${s.path} and ${sibling} both have parent ${parent}: two branches generated migrations from the same state`,
          fix: 'Drop the later branch\'s migration (drizzle-kit drop), rebase onto the other, and run drizzle-kit generate again.',
        });
      }
    }
    return findings;
  },
};
