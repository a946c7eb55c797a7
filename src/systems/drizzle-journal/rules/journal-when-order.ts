import { duplicateEntryFix, isoTime } from '../../../messages.js';
import { duplicatedPrefixes } from './duplicated-prefixes.js';
import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { lineOf } from '../../../folder/journal.js';

const iso = isoTime;

export const journalWhenOrder: Rule<CheckContext> = {
  id: 'journal/when-order',
  severity: 'error',
  description: "An entry's `when` is not greater than every earlier entry's: drizzle's migrator silently skips it on any database that has the earlier one.",
  run({ folder }) {
    const findings: RuleFinding[] = [];
    const duplicated = duplicatedPrefixes(folder);
    let shadow: { tag: string; when: number } | undefined;
    for (const [i, m] of folder.migrations.entries()) {
      if (m.when === undefined || Number.isNaN(m.when)) continue;
      if (shadow && m.when <= shadow.when) {
        const next = folder.migrations.slice(i + 1).find((n) => n.when !== undefined && n.when > shadow!.when);
        const restamp = shadow.when + 1;
        findings.push({
          tag: m.tag,
          key: shadow.tag,
          file: folder.display('meta/_journal.json'),
          line: folder.journalText ? lineOf(folder.journalText, `"${m.tag}"`) : undefined,
          message: `${m.tag} has when ${m.when} (${iso(m.when)}), not later than ${shadow.tag} (${shadow.when}, ${iso(shadow.when)}): drizzle's migrator skips it silently on every database where ${shadow.tag} is applied`,
          // A naive merge of two branches' 0004_*: journal/duplicate-prefix says to regenerate this one on top, which
          // stamps it later; a restamp here would contradict that recipe.
          fix: duplicated.has(m.tag) ? duplicateEntryFix(m.tag, 'do not restamp it') :
            `Set its "when" to ${restamp} (${iso(restamp)})` +
            (next && restamp >= next.when! ? ` and restamp the later entries so they keep increasing` : '') +
            `; on databases that already ran its SQL by hand, record it instead of re-running it (driftgate verify --db prints the INSERT).`,
        });
      }
      if (!shadow || m.when > shadow.when) shadow = { tag: m.tag, when: m.when };
    }
    return findings;
  },
};
