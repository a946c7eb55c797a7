import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { lineOf } from '../../../folder/journal.js';

export const journalIdxSequence: Rule<CheckContext> = {
  id: 'journal/idx-sequence',
  severity: 'error',
  description: 'Journal idx values are not 0..n-1 in order, or repeat.',
  run({ folder }) {
    const findings: RuleFinding[] = [];
    const seen = new Map<number, string>();
    for (const m of folder.migrations) {
      const idx = m.entry?.idx;
      if (idx === undefined) continue;
      const line = folder.journalText ? lineOf(folder.journalText, `"${m.tag}"`) : undefined;
      const file = folder.display('meta/_journal.json');
      const dup = seen.get(idx);
      if (dup !== undefined) {
        findings.push({ tag: m.tag, file, line, key: 'duplicate', message: `${m.tag} repeats idx ${idx} (already used by ${dup})`, fix: `Give it idx ${m.index}; idx must count 0, 1, 2, … in journal order.` });
      } else if (idx !== m.index) {
        findings.push({ tag: m.tag, file, line, key: 'order', message: `${m.tag} has idx ${idx} at position ${m.index} of the journal`, fix: `Set its idx to ${m.index}; drizzle-kit numbers entries 0, 1, 2, … in order.` });
      }
      seen.set(idx, m.tag);
    }
    return findings;
  },
};
