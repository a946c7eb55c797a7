import { createHash } from 'node:crypto';
import type { DbFinding } from '../db/db-finding.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { debug } from '../debug.js';
import { cacheRoot, pgliteVersion } from './data-dir-cache.js';

/** Bumped when what a cached state means changes (what the replay checks before saving one), or how it is stored. */
const FORMAT = 5;
/** Cached states kept per PGlite version (each is a data directory as tar, ~5–20 MB); the least recently used go
 * first. */
const KEEP = 6;

/** Replayed database states, each the data directory after a prefix of a folder's migrations, keyed by the hash chain
 * of that prefix: sha256 over the base (PGlite version, preamble, extensions, migrator) and then each migration's
 * tag, `when` and SQL bytes, in order. A push that adds one migration finds the state of all the others and applies only
 * the new one. Shared by every checkout on the machine (~/.cache/driftgate), so keyed by PGlite version. */
export function replayCacheDir(): string {
  return join(cacheRoot(), `replay-pglite-${pgliteVersion()}-f${FORMAT}`);
}

/** The chain: `hashes[k]` identifies the state after migrations 0..k on top of `base`. */
export function chainHashes(base: string, migrations: { tag: string; sql: string; when?: number }[]): string[] {
  let h = createHash('sha256').update(`driftgate-replay ${FORMAT}\0${pgliteVersion()}\0${base}`).digest('hex');
  return migrations.map((m) => {
    // `when` too: drizzle 0.x records it as created_at and applies only what is newer, so two folders with the same
    // SQL but other times leave states the migrator treats differently
    h = createHash('sha256').update(h).update('\0').update(m.tag).update('\0').update(String(m.when ?? '')).update('\0').update(m.sql).digest('hex');
    return h;
  });
}

export interface CachedState {
  /** The data directory (tar) to start from. */
  file: string;
  /** How many migrations (a prefix) it holds. */
  count: number;
  /** Schemas the preamble created (see ReplayRuntime.platformSchemas). */
  platformSchemas: string[];
  /** The final checks' findings on this state (CachedStateInfo.findings). */
  findings: DbFinding[];
  /** Deletes the entry (it failed to load). */
  discard(): void;
}

/** What a cache entry records besides the data directory. */
export interface CachedStateInfo {
  count: number;
  platformSchemas: string[];
  /** What the final db/* checks found on this state: info only (only a state every check passed is cached). A
   * replay on top of it that checks only what its migrations changed (ReplayOutcome.scope) reports these for the
   * rest. */
  findings?: DbFinding[];
  /** Size of state.tar: a truncated file (a full disk) is never loaded. */
  bytes?: number;
}

const STATE = 'state.tar';

/** The longest cached prefix among `hashes` that `usable(count)` accepts, or undefined. */
export function findCachedState(hashes: string[], usable: (count: number) => boolean = () => true): CachedState | undefined {
  const root = replayCacheDir();
  if (!existsSync(root)) return undefined;
  for (let k = hashes.length - 1; k >= 0; k--) {
    if (!usable(k + 1)) continue;
    const entry = join(root, hashes[k]);
    if (!existsSync(join(entry, 'state.json'))) continue;
    try {
      const { count, platformSchemas, bytes, findings = [] } = JSON.parse(readFileSync(join(entry, 'state.json'), 'utf8')) as CachedStateInfo;
      const file = join(entry, STATE);
      if (count !== k + 1 || !Array.isArray(platformSchemas) || !Array.isArray(findings) || !existsSync(file) || statSync(file).size !== bytes) throw new Error('incomplete entry');
      const now = new Date();
      utimesSync(entry, now, now); // recently used: pruned last
      return { file, count, platformSchemas, findings, discard: () => rmSync(entry, { recursive: true, force: true }) };
    } catch (error) {
      debug(`embedded: damaged replay cache entry ${entry} removed (${(error as Error).message})`);
      rmSync(entry, { recursive: true, force: true });
    }
  }
  return undefined;
}

/** Caches the state after `count` migrations: `write` writes the data directory (tar) to the path it is given.
 * Written under a private name and renamed into place, so a reader never sees half an entry. */
export async function saveCachedState(hash: string, info: CachedStateInfo, write: (path: string) => Promise<void>): Promise<void> {
  const root = replayCacheDir();
  const entry = join(root, hash);
  if (existsSync(join(entry, 'state.json'))) return;
  const building = `${entry}.building-${process.pid}`;
  try {
    mkdirSync(building, { recursive: true });
    await write(join(building, STATE));
    writeFileSync(join(building, 'state.json'), JSON.stringify({ ...info, bytes: statSync(join(building, STATE)).size }));
    renameSync(building, entry);
  } catch (error) {
    debug(`embedded: replay state not cached: ${(error as Error).message}`);
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
  prune(root);
}

/** Whether a process with this pid runs (EPERM: it does, as another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Keeps the KEEP most recently used entries; also removes half-written ones of dead runs. */
function prune(root: string): void {
  try {
    const entries = readdirSync(root).map((name) => ({ path: join(root, name), name, mtime: statSync(join(root, name)).mtimeMs }));
    const done = entries.filter((e) => /^[0-9a-f]{64}$/.test(e.name)).sort((a, b) => b.mtime - a.mtime);
    for (const e of done.slice(KEEP)) rmSync(e.path, { recursive: true, force: true });
    for (const e of entries.filter((e) => e.name.includes('.building-'))) {
      const pid = Number(e.name.split('.building-')[1]);
      if (pid !== process.pid && !isAlive(pid)) rmSync(e.path, { recursive: true, force: true });
    }
  } catch (error) {
    debug(`embedded: replay cache prune failed: ${(error as Error).message}`);
  }
}
