import type { MigrationFolder } from '../../../folder/migration-folder.js';
import { numericPrefix } from '../../../folder/prefix.js';

/** Journal entries that share their numeric prefix with an earlier entry: a naive merge of two branches' 0004_*.
 * journal/duplicate-prefix gives the recipe (take the later one out, regenerate it on top); the other rules that fire
 * on the same entry (when-order, tag-mismatch, snapshot/chain) point at it instead of a fix of their own. */
export function duplicatedPrefixes(folder: MigrationFolder): Set<string> {
  const seen = new Set<string>();
  const duplicated = new Set<string>();
  for (const m of folder.migrations) {
    const prefix = numericPrefix(m.tag);
    if (prefix === undefined) continue;
    if (seen.has(prefix)) duplicated.add(m.tag);
    seen.add(prefix);
  }
  return duplicated;
}
