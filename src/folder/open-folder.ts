import { statSync } from 'node:fs';
import type { Target } from '../config/targets.js';
import { DriftgateError } from '../errors.js';
import type { FileSource } from './file-source.js';
import { fsSource } from './fs-source.js';
import { detectLayout } from './detect-layout.js';
import { loadJournalFolder } from './load-folder.js';
import { loadV1Folder } from './load-v1-folder.js';
import type { MigrationFolder } from './migration-folder.js';

/** Opens a target's migrations folder from the work tree (or another source, e.g. the git index). */
export async function openFolder(target: Target, source?: FileSource): Promise<MigrationFolder> {
  if (!source) {
    let isDir = false;
    try {
      isDir = statSync(target.outDir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new DriftgateError(`migrations folder ${target.label} does not exist`, 'Run drizzle-kit generate first, or pass --out DIR / --config FILE.');
    source = fsSource(target.outDir);
  }
  const options = { label: target.label, settings: target.settings };
  const scan = await detectLayout(source);
  if (scan.layout === 'folders') return loadV1Folder(source, scan, options);
  const folder = await loadJournalFolder(source, options);
  if (scan.migrationDirs.length > 0) {
    // Half-upgraded: drizzle-orm 1.0 refuses to migrate while meta/_journal.json exists, 0.x ignores the folders.
    const names = scan.migrationDirs.map((d) => d.name);
    folder.journalProblems.push({
      message: `the folder mixes both layouts: meta/_journal.json and ${names.length} drizzle-kit 1.0 migration folder${names.length === 1 ? '' : 's'} (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}); drizzle-orm 0.x ignores the folders and 1.0 refuses to migrate while the journal exists`,
      fix: 'Finish the upgrade with drizzle-kit up (drizzle-kit 1.0) and commit the result as one change — or, to stay on 0.x, remove the 1.0 folders.',
    });
  }
  return folder;
}
