import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';

export const prismaDuplicateTimestamp: Rule<CheckContext> = {
  id: 'prisma/duplicate-timestamp',
  severity: 'warn',
  description: 'Two Prisma migration folders with one 14-digit timestamp (two branches merged): their order comes from the rest of the name, not from when they were written.',
  run({ folder }) {
    const byStamp = new Map<string, string[]>();
    for (const m of folder.migrations) {
      const stamp = /^(\d{14})_/.exec(m.tag)?.[1];
      if (stamp) byStamp.set(stamp, [...(byStamp.get(stamp) ?? []), m.tag]);
    }
    const findings: RuleFinding[] = [];
    for (const [stamp, tags] of byStamp) {
      if (tags.length < 2) continue;
      for (const tag of tags.slice(1)) {
        findings.push({
          tag,
          key: stamp,
          file: folder.display(tag),
          message: `${tag}/ shares the timestamp ${stamp} with ${tags.filter((t) => t !== tag).join(', ')}: Prisma orders them by the rest of the name, which need not be the order they were written or applied elsewhere`,
          fix: 'If no database has applied it yet, rename the newer folder to the time it was actually written (one second later is enough); otherwise leave it and keep the two independent of each other.',
        });
      }
    }
    return findings;
  },
};
