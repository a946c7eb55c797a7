import type { RangeContext } from '../hooks/range-context.js';
import { changedHistory, tagOfPath } from '../hooks/range-context.js';
import type { Rule, RuleFinding } from '../types.js';

export const gitEditedMigration: Rule<RangeContext> = {
  id: 'git/edited-migration',
  severity: 'error',
  description: 'A migration SQL file or snapshot that is already committed (and on a remote) is modified, deleted or renamed: generated history is append-only.',
  run(ctx) {
    const findings: RuleFinding[] = [];
    for (const { path, deleted } of changedHistory(ctx)) {
      if (!ctx.immutable(path)) continue;
      const tag = tagOfPath(ctx.base, path);
      findings.push({
        tag,
        key: path,
        file: ctx.head.display(path),
        message: `${path} is ${deleted ? 'deleted (or renamed)' : 'modified'}, but it is already in ${ctx.baseName}: databases that ran it will never run the new version`,
        fix: deleted
          ? `Restore it (git restore --source=${ctx.baseName} --staged --worktree -- ${ctx.head.display(path)}); to undo a migration, generate a new one.`
          : `Revert the edit (git restore --source=${ctx.baseName} --staged --worktree -- ${ctx.head.display(path)}) and put the change in a new migration (drizzle-kit generate, or generate --custom).`,
      });
    }
    return findings;
  },
};
