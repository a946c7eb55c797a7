import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { numericPrefix } from '../../../folder/prefix.js';
import type { MigrationFolder } from '../../../folder/migration-folder.js';

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

export const journalDuplicatePrefix: Rule<CheckContext> = {
  id: 'journal/duplicate-prefix',
  severity: 'error',
  description: 'Two migrations share a numeric prefix (two branches both generated 0046_*).',
  run({ folder }) {
    if (folder.layout === 'folders') return duplicateTimestamps(folder);
    const names = new Set([...folder.migrations.map((m) => m.tag), ...folder.sqlFiles.map((f) => f.replace(/\.sql$/, ''))]);
    const byPrefix = new Map<string, string[]>();
    for (const name of names) {
      const prefix = numericPrefix(name);
      if (prefix !== undefined) byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), name]);
    }
    const findings: RuleFinding[] = [];
    for (const [prefix, tags] of byPrefix) {
      if (tags.length < 2) continue;
      const journalOrder = new Map(folder.migrations.map((m) => [m.tag, m.index]));
      const sorted = [...tags].sort((a, b) => (journalOrder.get(a) ?? 1e9) - (journalOrder.get(b) ?? 1e9) || a.localeCompare(b));
      for (const tag of sorted.slice(1)) {
        const inJournal = journalOrder.has(tag);
        findings.push({
          tag,
          key: prefix,
          file: folder.display(`${tag}.sql`),
          message: `${tag} reuses prefix ${prefix} of ${sorted[0]}${inJournal ? '' : ' (this one is not in the journal)'} — two branches generated migrations from the same parent`,
          fix: 'Keep the migration of the branch merged first; delete the other branch\'s migration, snapshot and journal entry, and run drizzle-kit generate again on top.',
        });
      }
    }
    return findings;
  },
};
