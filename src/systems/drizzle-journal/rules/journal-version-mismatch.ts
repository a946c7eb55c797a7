import type { Rule, RuleFinding } from '../../../types.js';
import type { CheckContext } from '../../../rules/check-context.js';

/** Journal and snapshot version drizzle-kit 0.31 writes for postgresql. */
export const CURRENT_JOURNAL_VERSION = '7';

function group<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item); // push, not a copy per item: linear in the number of entries
    else map.set(k, [item]);
  }
  return map;
}

export const journalVersionMismatch: Rule<CheckContext> = {
  id: 'journal/version-mismatch',
  severity: 'warn',
  description: 'Journal, entry or snapshot versions are mixed or older than the current format.',
  run({ folder }) {
    if (!folder.journal) return [];
    const findings: RuleFinding[] = [];
    const journalFile = folder.display('meta/_journal.json');
    const fix = 'Run drizzle-kit up to upgrade the folder to the current format (commit the result as one change).';
    if (folder.journal.version !== CURRENT_JOURNAL_VERSION) {
      findings.push({ file: journalFile, key: 'journal', message: `journal version is "${folder.journal.version}", not the current "${CURRENT_JOURNAL_VERSION}"`, fix });
    }
    const entryGroups = group(folder.migrations.filter((m) => m.entry), (m) => m.entry!.version);
    for (const [version, ms] of entryGroups) {
      if (version === folder.journal.version) continue;
      findings.push({
        file: journalFile,
        tag: ms[0].tag,
        key: `entry:${version}`,
        message: `${ms.length} journal entr${ms.length === 1 ? 'y has' : 'ies have'} version "${version}" while the journal is "${folder.journal.version}" (first: ${ms[0].tag})`,
        fix,
      });
    }
    const snapshotGroups = group(folder.snapshots.filter((s) => s.header.version), (s) => s.header.version!);
    for (const [version, snaps] of snapshotGroups) {
      if (version === CURRENT_JOURNAL_VERSION) continue;
      findings.push({
        file: folder.display(snaps[0].path),
        key: `snapshot:${version}`,
        message: `${snaps.length} snapshot${snaps.length === 1 ? ' is' : 's are'} version "${version}", not "${CURRENT_JOURNAL_VERSION}" (first: ${snaps[0].path}); drizzle-kit check rejects them`,
        fix,
      });
    }
    return findings;
  },
};
