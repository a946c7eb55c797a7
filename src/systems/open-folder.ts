import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Target } from '../config/targets.js';
import { DriftgateError } from '../errors.js';
import type { FileSource } from '../folder/file-source.js';
import { fsSource } from '../folder/fs-source.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import { detectSystem } from './index.js';
import type { MigrationSystem } from './migration-system.js';

/** Opens a target's migrations folder from the work tree (or another source, e.g. the git index), read by the
 * migration system it belongs to. */
export async function openFolder(target: Target, source?: FileSource): Promise<MigrationFolder> {
  if (!source) {
    let isDir = false;
    try {
      isDir = statSync(target.outDir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir && !target.missingIsEmpty) throw new DriftgateError(`migrations folder ${target.label} does not exist`, 'Run drizzle-kit generate first, or pass --out DIR / --config FILE.');
    source = fsSource(target.outDir, projectRoots(target));
  }
  const system = await detectSystem(target, source);
  return system.load(source, target);
}

/** Where links may point: the repository holding the config (the nearest directory with .git, else the config's
 * directory) and the migrations folder itself, wherever the config puts it. docs/security.md. */
export function projectRoots(target: Target): string[] {
  let dir = target.root;
  for (;;) {
    if (existsSync(`${dir}/.git`)) return [dir, target.outDir];
    const up = dirname(dir);
    if (up === dir) return [target.root, target.outDir];
    dir = up;
  }
}

/** The system of a target's folder as the work tree has it (the fallback when the folder does not exist yet): what a
 * hook starts before reading the folder from git. */
export function workTreeSystem(target: Target): Promise<MigrationSystem> {
  return detectSystem(target, fsSource(target.outDir, projectRoots(target)));
}
