import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';
import { expectedPrefix, tagPrefix } from '../../../folder/prefix.js';
import { duplicateEntryFix } from '../../../messages.js';
import { duplicatedPrefixes } from './duplicated-prefixes.js';

export const journalTagMismatch: Rule<CheckContext> = {
  id: 'journal/tag-mismatch',
  severity: 'warn',
  description: 'A tag prefix disagrees with its idx under the configured migrations.prefix mode.',
  run({ folder }) {
    const mode = folder.settings.prefix;
    const findings: RuleFinding[] = [];
    const duplicated = duplicatedPrefixes(folder);
    for (const m of folder.migrations) {
      if (!m.entry) continue;
      const want = expectedPrefix(mode, m.entry.idx);
      const have = mode === 'none' ? (m.tag.startsWith('_') ? '' : tagPrefix(m.tag)) : tagPrefix(m.tag);
      const ok = want.exact !== undefined ? have === want.exact : want.pattern!.test(have);
      if (!ok) {
        findings.push({
          tag: m.tag,
          file: folder.display('meta/_journal.json'),
          message: `${m.tag} (idx ${m.entry.idx}) should start with ${want.describe} under migrations.prefix "${mode}"`,
          fix: duplicated.has(m.tag) ? duplicateEntryFix(m.tag, 'do not rename it') : `If the prefix mode is right, the entry was written by hand: regenerate it with drizzle-kit generate; otherwise set migrations.prefix in drizzle.config.`,
        });
      }
    }
    return findings;
  },
};
