import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { debug } from '../debug.js';

/** Where initialised PGlite data directories are kept: DRIFTGATE_CACHE_DIR, else $XDG_CACHE_HOME/driftgate,
 * else ~/.cache/driftgate (falling back to the temp dir when there is no home). */
export function cacheRoot(): string {
  if (process.env.DRIFTGATE_CACHE_DIR) return process.env.DRIFTGATE_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : tmpdir());
  return join(base, 'driftgate');
}

export function pgliteVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve('@electric-sql/pglite');
    let dir = dirname(main);
    while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
    return JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

/** Bumped when the way the template is built changes, so old caches are not reused. */
const TEMPLATE_FORMAT = 3;

/** The cached empty database: an initialised data directory as tar (see data-dir-tar). */
export function templateFile(): string {
  return join(cacheRoot(), `pglite-${pgliteVersion()}-t${TEMPLATE_FORMAT}.tar`);
}

/** The cached, initialised data directory (built once: PGlite runs initdb in WASM, ~2.5–3 s). Written under a
 * private name and renamed into place, so concurrent first runs never see a half-written template. */
export async function ensureTemplate(): Promise<{ file: string; built: boolean }> {
  const file = templateFile();
  if (existsSync(file)) return { file, built: false };
  const building = `${file}.building-${process.pid}-${Date.now().toString(36)}`;
  mkdirSync(dirname(file), { recursive: true });
  const { startHost } = await import('./host/worker-host.js');
  const t0 = performance.now();
  try {
    // A start loads the template, so its size is start time: 1 MB WAL segments, only the segments the last
    // checkpoint needs (writeDataDir), and only the `postgres` database (template0/template1 serve CREATE DATABASE,
    // which cannot run inside drizzle's migration transaction anyway).
    // initdb runs in the worker too, so Ctrl-C during a first start is honoured at once
    const { pg: db } = await startHost({ extensions: [], initDbStartParams: ['--wal-segsize=1'], relaxedDurability: false, statementTimeoutMs: 0 });
    try {
      await db.exec(`UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`);
      await db.exec('DROP DATABASE template0');
      await db.exec('DROP DATABASE template1');
      await db.dump(building);
    } finally {
      await db.close();
    }
    renameSync(building, file); // another process may have won the race: same bytes
  } catch (error) {
    rmSync(building, { force: true });
    throw error;
  }
  // older template formats of this PGlite version are dead weight now (other versions may belong to other installs)
  const sameVersion = `pglite-${pgliteVersion()}-t`;
  for (const f of readdirSync(dirname(file))) {
    if (f.startsWith(sameVersion) && /-t\d+(\.tar)?$/.test(f) && join(dirname(file), f) !== file) rmSync(join(dirname(file), f), { recursive: true, force: true });
  }
  debug(`embedded: built template ${file} in ${(performance.now() - t0).toFixed(0)}ms`);
  return { file, built: true };
}
