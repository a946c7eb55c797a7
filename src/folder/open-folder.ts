import { statSync } from 'node:fs';
import type { Target } from '../config/targets.js';
import { DriftgateError } from '../errors.js';
import type { FileSource } from './file-source.js';
import { fsSource } from './fs-source.js';
import { loadJournalFolder } from './load-folder.js';
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
  return loadJournalFolder(source, { label: target.label, settings: target.settings });
}
