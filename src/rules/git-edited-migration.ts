import type { RangeContext } from '../hooks/range-context.js';
import { baseTagOfPath, changedHistory, conversionMoves } from '../hooks/history-files.js';
import { shellQuote } from '../messages.js';
import { systemOf } from '../systems/index.js';
import type { Rule, RuleFinding } from '../types.js';

export const gitEditedMigration: Rule<RangeContext> = {
  id: 'git/edited-migration',
  severity: 'error',
  description: 'A migration SQL file or snapshot that is already committed (and on a remote) is modified, deleted or renamed: generated history is append-only.',
  run(ctx) {
    const findings: RuleFinding[] = [];
    const moves = conversionMoves(ctx);
    for (const { path, deleted } of changedHistory(ctx)) {
      if (!ctx.immutable(path)) continue;
      const tag = baseTagOfPath(ctx, path);
      // A conversion commit (drizzle-kit up): a file that arrived in its new place was moved, not edited.
      const move = deleted && tag ? moves?.get(tag) : undefined;
      if (move) {
        const isSql = path.endsWith('.sql');
        if (isSql ? move.sqlUnchanged : move.snapshotMoved) continue;
        if (isSql && move.sqlMoved) {
          const moved = move.sqlPath;
          findings.push({
            tag,
            key: path,
            file: ctx.head.display(moved),
            message: `${path} was moved to ${moved} (${move.via}), but its SQL changed on the way, and ${path} is ${ctx.fixedBecause(path)}: databases that ran it will never run the new version`,
            fix: `Keep the upgrade a pure move (git show ${shellQuote(`${ctx.baseName}:${ctx.base.display(path)}`)} > ${shellQuote(ctx.head.display(moved))}) and put the change in a new migration.`,
          });
          continue;
        }
      }
      findings.push({
        tag,
        key: path,
        file: ctx.head.display(path),
        message: `${path} is ${deleted ? 'deleted (or renamed)' : 'modified'}, but it is ${ctx.fixedBecause(path)}: databases that ran it will never run the new version`,
        fix: deleted
          ? `Restore it (git restore --source=${shellQuote(ctx.baseName)} --staged --worktree -- ${shellQuote(ctx.head.display(path))}); to undo a migration, generate a new one.`
          : `Revert the edit (git restore --source=${shellQuote(ctx.baseName)} --staged --worktree -- ${shellQuote(ctx.head.display(path))}) and put the change in a new migration (${systemOf(ctx.head).newMigration}).`,
      });
    }
    return findings;
  },
};
