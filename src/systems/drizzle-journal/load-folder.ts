import { posix } from 'node:path';
import { debug } from '../../debug.js';
import type { FileSource } from '../../folder/file-source.js';
import type { LayoutScan } from './detect-layout.js';
import { parseJournal, type JournalProblem } from '../../folder/journal.js';
import { DEFAULT_SETTINGS, type FolderSettings, type Migration, type MigrationFolder, type SnapshotFile } from '../../folder/migration-folder.js';
import { tagPrefix } from '../../folder/prefix.js';
import { readSnapshotHeader } from '../../folder/snapshot-header.js';

const JOURNAL = 'meta/_journal.json';
const SNAPSHOT_FILE = /_snapshot\.json$/;

export interface LoadFolderOptions {
  label: string;
  settings?: Partial<FolderSettings>;
}

/** Reads a drizzle-kit 0.x migrations folder (`meta/_journal.json`, `<tag>.sql`, `meta/<prefix>_snapshot.json`). */
export async function loadJournalFolder(source: FileSource, scan: LayoutScan, options: LoadFolderOptions): Promise<MigrationFolder> {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const display = (path: string) => (options.label === '.' ? path : posix.join(options.label, path));
  const [top, meta, journalRead] = await Promise.all([source.list(''), source.list('meta'), source.read(JOURNAL)]);

  const problems: JournalProblem[] = [];
  let parsed: ReturnType<typeof parseJournal> | undefined;
  if (journalRead.ok) parsed = parseJournal(journalRead.data);
  else if (meta === null) problems.push({ message: 'the folder has no meta/ directory, so no meta/_journal.json', fix: 'Run drizzle-kit generate, or point --out at the folder that holds meta/_journal.json.' });
  else if (journalRead.reason === 'missing') problems.push({ message: 'meta/_journal.json is missing: drizzle applies nothing without it', fix: 'Restore meta/_journal.json from git, or regenerate the folder with drizzle-kit generate.' });
  else problems.push({ message: `meta/_journal.json ${journalRead.reason === 'directory' ? 'is a directory' : `cannot be read (${journalRead.detail})`}`, fix: 'Make meta/_journal.json a readable file.' });
  if (parsed) problems.push(...parsed.problems);
  if (scan.migrationDirs.length > 0) {
    // Half-upgraded: drizzle-orm 1.0 refuses to migrate while meta/_journal.json exists, 0.x ignores the folders.
    const names = scan.migrationDirs.map((d) => d.name);
    problems.push({
      message: `the folder mixes both layouts: meta/_journal.json and ${names.length} drizzle-kit 1.0 migration folder${names.length === 1 ? '' : 's'} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); drizzle-orm 0.x ignores the folders and 1.0 refuses to migrate while the journal exists`,
      fix: 'Finish the upgrade with drizzle-kit up (drizzle-kit 1.0) and commit the result as one change — or, to stay on 0.x, remove the 1.0 folders.',
    });
  }

  const sqlFiles = (top ?? []).filter((e) => e.isFile && e.name.endsWith('.sql')).map((e) => e.name).sort();
  const snapshotPaths = (meta ?? []).filter((e) => SNAPSHOT_FILE.test(e.name)).map((e) => `meta/${e.name}`).sort();
  const snapshots: SnapshotFile[] = await Promise.all(
    snapshotPaths.map(async (path) => ({ path, header: await readSnapshotHeader(source, path) })),
  );
  const byPath = new Map(snapshots.map((s) => [s.path, s]));
  const sqlSet = new Set(sqlFiles);

  const migrations: Migration[] = (parsed?.journal?.entries ?? []).map((entry, index) => ({
    index,
    tag: entry.tag,
    when: entry.when,
    entry,
    sqlPath: `${entry.tag}.sql`,
    sqlExists: sqlSet.has(`${entry.tag}.sql`),
    snapshot: byPath.get(`meta/${tagPrefix(entry.tag)}_snapshot.json`),
  }));
  debug(`${options.label}: ${migrations.length} journal entries, ${sqlFiles.length} sql files, ${snapshots.length} snapshots`);

  return {
    system: 'drizzle-journal',
    label: options.label,
    settings,
    source,
    journal: parsed?.journal,
    journalText: parsed?.text,
    journalProblems: problems,
    sqlFiles,
    snapshots,
    migrations,
    display,
  };
}
