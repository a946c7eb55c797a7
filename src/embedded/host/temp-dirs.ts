import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { debug } from '../../debug.js';

const PREFIX = 'driftgate-pglite-';
/** Folders from before the pid was part of the name: removed once they are this old. */
const LEGACY_MAX_AGE_MS = 60 * 60 * 1000;

/** A private data directory for one embedded Postgres: `driftgate-pglite-<pid>-<random>` in the temp dir, so a later
 * run can tell whose it is. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes data directories left behind by runs that were killed (SIGKILL, a crash, a power cut): those whose pid
 * is no longer running. Called before each start; never touches a live run's folder. */
export function removeStaleDataDirs(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir()).filter((n) => n.startsWith(PREFIX));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = /^driftgate-pglite-(\d+)-/.exec(name)?.[1];
    const path = join(tmpdir(), name);
    try {
      const stale = pid ? Number(pid) !== process.pid && !isAlive(Number(pid)) : Date.now() - statSync(path).mtimeMs > LEGACY_MAX_AGE_MS;
      if (!stale) continue;
      rmSync(path, { recursive: true, force: true });
      debug(`embedded: removed ${path} (left by a run that ended without cleaning up)`);
    } catch {
      // another run removed it first, or it is not ours to remove
    }
  }
}
