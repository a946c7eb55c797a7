import type { FileSource } from '../../folder/file-source.js';

export const V1_SQL = 'migration.sql';
export const V1_SNAPSHOT = 'snapshot.json';

/** What a migrations folder holds: the 0.x journal, drizzle-kit 1.0's one-folder-per-migration layout, or both. */
export interface LayoutScan {
  layout: 'journal' | 'folders';
  /** Sub-folders holding `migration.sql` or `snapshot.json` (the 1.0 layout's migrations), sorted by name. */
  migrationDirs: { name: string; files: Set<string> }[];
  hasJournal: boolean;
}

/** Decides the layout the way the tools do: drizzle-orm 1.0 refuses a folder with `meta/_journal.json`, and treats
 * every sub-folder with a `migration.sql` as a migration; drizzle-kit 1.0 reads every `<dir>/snapshot.json`.
 * A folder with neither stays `journal`, so an empty or broken folder reports the missing journal as before. */
export function detectLayout(source: FileSource): Promise<LayoutScan> {
  // Detection and loading both ask; one listing per source.
  let scan = scans.get(source);
  if (!scan) scans.set(source, (scan = scanLayout(source)));
  return scan;
}

const scans = new WeakMap<FileSource, Promise<LayoutScan>>();

async function scanLayout(source: FileSource): Promise<LayoutScan> {
  const [top, meta] = await Promise.all([source.list(''), source.list('meta')]);
  const hasJournal = (meta ?? []).some((e) => e.name === '_journal.json');
  const dirs = (top ?? []).filter((e) => !e.isFile && e.name !== 'meta');
  const listed = await Promise.all(dirs.map(async (d) => ({ name: d.name, entries: (await source.list(d.name)) ?? [] })));
  const migrationDirs = listed
    .map(({ name, entries }) => ({ name, files: new Set(entries.filter((e) => e.isFile).map((e) => e.name)) }))
    .filter(({ files }) => files.has(V1_SQL) || files.has(V1_SNAPSHOT))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { layout: !hasJournal && migrationDirs.length > 0 ? 'folders' : 'journal', migrationDirs, hasJournal };
}
