import { posix } from 'node:path';
import { debug } from '../../debug.js';
import type { LayoutScan } from '../drizzle-journal/detect-layout.js';
import { V1_SNAPSHOT, V1_SQL } from '../drizzle-journal/detect-layout.js';
import type { FileSource } from '../../folder/file-source.js';
import type { JournalProblem } from '../../folder/journal.js';
import type { LoadFolderOptions } from '../drizzle-journal/load-folder.js';
import { DEFAULT_SETTINGS, type Migration, type MigrationFolder, type SnapshotFile } from '../../folder/migration-folder.js';
import { readSnapshotHeader } from '../../folder/snapshot-header.js';

/** Snapshot dialects drizzle-kit 1.0 (`postgres`) and 0.x (`postgresql`) write for Postgres. */
const POSTGRES_SNAPSHOT_DIALECTS = new Set(['postgres', 'postgresql', 'pg']);

/** Reads a drizzle-kit 1.0 migrations folder: one `<YYYYMMDDHHmmss>_<name>/` per migration holding `migration.sql`
 * and `snapshot.json`. Apply order is drizzle-orm 1.0's: folder names sorted with `localeCompare`. */
export async function loadV1Folder(source: FileSource, scan: LayoutScan, options: LoadFolderOptions): Promise<MigrationFolder> {
  const settings = { ...DEFAULT_SETTINGS, ...options.settings };
  const display = (path: string) => (options.label === '.' ? path : posix.join(options.label, path));
  const top = (await source.list('')) ?? [];
  // Loose .sql files next to the folders: left over from the 0.x layout (or a hand-made file); never applied.
  const sqlFiles = top.filter((e) => e.isFile && e.name.endsWith('.sql')).map((e) => e.name).sort();

  const migrations: Migration[] = await Promise.all(
    scan.migrationDirs.map(async ({ name, files }, index) => {
      const snapshotPath = `${name}/${V1_SNAPSHOT}`;
      const snapshot: SnapshotFile | undefined = files.has(V1_SNAPSHOT)
        ? { path: snapshotPath, header: await readSnapshotHeader(source, snapshotPath) }
        : undefined;
      return { index, tag: name, sqlPath: `${name}/${V1_SQL}`, sqlExists: files.has(V1_SQL), snapshot };
    }),
  );
  const snapshots = migrations.flatMap((m) => (m.snapshot ? [m.snapshot] : []));

  const problems: JournalProblem[] = [];
  const foreign = snapshots.find((s) => s.header.dialect !== undefined && !POSTGRES_SNAPSHOT_DIALECTS.has(s.header.dialect));
  if (foreign) {
    problems.push({
      message: `${foreign.path} has dialect ${JSON.stringify(foreign.header.dialect)}; driftgate checks PostgreSQL migrations only`,
      fix: 'Point driftgate at a postgresql migrations folder.',
      tag: foreign.path.split('/')[0],
    });
  }
  debug(`${options.label}: 1.0 layout, ${migrations.length} migration folders, ${sqlFiles.length} loose sql files`);

  return {
    system: 'drizzle-folders',
    label: options.label,
    settings,
    source,
    journalProblems: problems,
    sqlFiles,
    snapshots,
    migrations,
    display,
  };
}
