import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { duplicatePrefixFix } from '../../../messages.js';
import { numericPrefix } from '../../../folder/prefix.js';

export const journalDuplicatePrefix: Rule<CheckContext> = {
  id: 'journal/duplicate-prefix',
  severity: 'error',
  description: 'Two migrations share a numeric prefix (two branches both generated 0046_*).',
  run({ folder }) {
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
          fix: duplicatePrefixFix(sorted[0], tag, prefix),
        });
      }
    }
    return findings;
  },
};
