import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';

export const prismaOrder: Rule<CheckContext> = {
  id: 'prisma/order',
  severity: 'error',
  description: 'A new Prisma migration that sorts before migrations already committed: databases that applied those run it out of order, and a fresh database runs it before them.',
  run({ folder, onlyTags }) {
    // Which migrations are new is known only when judging a change (pre-commit, pre-push).
    if (!onlyTags) return [];
    const committed = folder.migrations.filter((m) => !onlyTags.has(m.tag));
    const lastCommitted = committed.at(-1);
    if (!lastCommitted) return [];
    const findings: RuleFinding[] = [];
    for (const m of folder.migrations) {
      if (!onlyTags.has(m.tag) || m.index > lastCommitted.index) continue;
      findings.push({
        tag: m.tag,
        file: folder.display(m.sqlPath),
        message: `${m.tag} is new but sorts before ${lastCommitted.tag}, which is already committed: a database that applied ${lastCommitted.tag} runs ${m.tag} after it, a fresh one before it — two orders, two possible outcomes`,
        fix: `Rename the folder so it sorts last (a current UTC timestamp, e.g. ${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${m.tag.replace(/^\d+_/, '')}), or regenerate it with prisma migrate dev after merging.`,
      });
    }
    return findings;
  },
};
