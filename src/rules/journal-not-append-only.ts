import { lineOf } from '../folder/journal.js';
import type { RangeContext } from '../hooks/range-context.js';
import { JOURNAL_PATH } from '../hooks/range-context.js';
import type { Rule, RuleFinding } from '../types.js';

const FIELDS = ['idx', 'when', 'tag', 'version', 'breakpoints'] as const;

export const journalNotAppendOnly: Rule<RangeContext> = {
  id: 'journal/not-append-only',
  severity: 'error',
  description: 'The journal change is more than appending entries: an existing entry is removed, reordered, or its idx/when/tag rewritten.',
  run(ctx) {
    const before = ctx.base.journal?.entries ?? [];
    const after = ctx.head.journal?.entries;
    if (!after || before.length === 0) return []; // journal/invalid reports an unreadable journal
    const findings: RuleFinding[] = [];
    const file = ctx.head.display(JOURNAL_PATH);
    const line = (tag: string) => (ctx.head.journalText ? lineOf(ctx.head.journalText, `"${tag}"`) : undefined);
    before.forEach((old, position) => {
      if (!ctx.immutableTag(old.tag)) return;
      const now = after[position];
      if (!now || now.tag !== old.tag) {
        const moved = after.findIndex((e) => e.tag === old.tag);
        findings.push({
          tag: old.tag,
          key: 'position',
          file,
          line: moved >= 0 ? line(old.tag) : undefined,
          message: moved >= 0
            ? `journal entry ${old.tag} moved from position ${position} to ${moved}: entries ${ctx.fixedBecause(old.tag)} must keep their place`
            : `journal entry ${old.tag} was removed, but it is ${ctx.fixedBecause(old.tag)}`,
          fix: `Restore the journal's first ${before.length} entries exactly as in ${ctx.baseName} and append new entries after them (regenerate yours on top: drizzle-kit generate).`,
        });
        return;
      }
      const changed = FIELDS.filter((f) => now[f] !== old[f]);
      if (changed.length) {
        findings.push({
          tag: old.tag,
          key: changed.join(','),
          file,
          line: line(old.tag),
          message: `journal entry ${old.tag} changed ${changed.map((f) => `${f} ${JSON.stringify(old[f])} → ${JSON.stringify(now[f])}`).join(', ')}, but it is ${ctx.fixedBecause(old.tag)}`,
          fix: `Put the entry back as it is in ${ctx.baseName}; only appending entries is safe (databases record applied migrations by their when).`,
        });
      }
    });
    return findings;
  },
};
