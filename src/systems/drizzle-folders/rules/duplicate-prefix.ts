import type { MigrationFolder } from '../../../folder/migration-folder.js';
import type { CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';
import { journalDuplicatePrefix } from '../../drizzle-journal/rules/journal-duplicate-prefix.js';

/** 1.0 layout: two folders with one 14-digit timestamp. drizzle-orm 1.0 then orders them by the rest of the name, not
 * by when they were generated, and its tracking-table upgrade has to tell them apart by hash. A warning: when the
 * order contradicts the snapshot graph, snapshot/chain reports the error. */
function duplicateTimestamps(folder: MigrationFolder): RuleFinding[] {
  const byStamp = new Map<string, string[]>();
  for (const m of folder.migrations) {
    const stamp = /^(\d{14})_/.exec(m.tag)?.[1];
    if (stamp) byStamp.set(stamp, [...(byStamp.get(stamp) ?? []), m.tag]);
  }
  return [...byStamp].flatMap(([stamp, tags]) =>
    tags.slice(1).map((tag) => ({
      tag,
      key: stamp,
      severity: 'warn' as const,
      file: folder.display(`${tag}/migration.sql`),
      message: `${tag} shares the timestamp ${stamp} with ${tags[0]}: drizzle-orm 1.0 runs them in name order (${tags.join(' before ')}), not in the order they were written`,
      fix: `If ${tag} was written after ${tags[0]}, rename its folder to a later second (keeping the _name part); otherwise leave it.`,
    })),
  );
}

export const duplicatePrefix: Rule<CheckContext> = { ...journalDuplicatePrefix, run: ({ folder }) => duplicateTimestamps(folder) };
