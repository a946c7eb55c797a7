import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { duplicateEntryFix } from '../../../messages.js';
import { duplicatedPrefixes } from './duplicated-prefixes.js';

export const ROOT_ID = '00000000-0000-0000-0000-000000000000';

export const snapshotChain: Rule<CheckContext> = {
  id: 'snapshot/chain',
  severity: 'error',
  description: "A snapshot's prevId is not the previous snapshot's id (the first: the all-zero id); on the 1.0 layout, a prevIds parent is missing or sorts after its child.",
  run({ folder }) {
    const findings: RuleFinding[] = [];
    const duplicated = duplicatedPrefixes(folder);
    let previous: { tag: string; id?: string } | undefined;
    for (const m of folder.migrations) {
      const h = m.snapshot?.header;
      if (!h || h.error || h.id === undefined || h.prevId === undefined) {
        previous = undefined; // a gap: missing-snapshot/invalid already say so; do not report a chain break twice
        if (m.index === 0 && h?.id) previous = { tag: m.tag, id: h.id };
        continue;
      }
      const expected = m.index === 0 ? ROOT_ID : previous?.id;
      if (expected !== undefined && h.prevId !== expected) {
        findings.push({
          tag: m.tag,
          file: folder.display(m.snapshot!.path),
          message: `${m.snapshot!.path} has prevId ${h.prevId}, but ${m.index === 0 ? 'the first snapshot must have the all-zero id' : `the previous snapshot (${previous!.tag}) has id ${expected}`}`,
          fix: duplicated.has(m.tag) ? duplicateEntryFix(m.tag, 'do not edit its prevId') : `Set "prevId" to "${expected}" if this migration really follows ${m.index === 0 ? 'nothing' : previous!.tag}; a broken chain usually means a snapshot was copied from another branch — regenerate the migration on top of the current history.`,
        });
      }
      previous = { tag: m.tag, id: h.id };
    }
    return findings;
  },
};
