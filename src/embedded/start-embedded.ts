import { constants, copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { debug } from '../debug.js';
import { DriftgateError } from '../errors.js';
import { cacheRoot, ensureTemplate } from './data-dir-cache.js';
import { makeDataDir, removeStaleDataDirs } from './host/temp-dirs.js';
import type { EmbeddedPg, StartedHost } from './host/worker-host.js';

export type { EmbeddedPg, EmbeddedQueryable } from './host/worker-host.js';

/** The replay's default per-statement time limit: long enough for any real migration on an empty database, short
 * enough that a runaway loop does not hold a `git push` for long. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/** A running embedded Postgres. `close()` is idempotent and also runs on exit and on Ctrl-C. */
export interface EmbeddedDb {
  pg: EmbeddedPg;
  /** The throwaway data directory (removed on close). */
  dir: string;
  /** How the start went: `cached` copied an initialised data dir (the template or a cached replay state), `cold` had
   * to run initdb first. */
  start: { ms: number; cpuMs: number; mode: 'cached' | 'cold' };
  /** Extensions asked for that the embedded Postgres cannot provide: each is an empty stub (`CREATE EXTENSION`
   * succeeds, creates nothing). */
  unavailable: string[];
  /** `show server_version` of the embedded Postgres. */
  serverVersion: string;
  /** Stops Postgres cleanly and KEEPS the data directory (the caller now owns it, e.g. to cache it). */
  detach(): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extension names the migrations create (`CREATE EXTENSION`), loaded at start: PGlite needs them up front. */
  extensions?: string[];
  /** Longest one statement may run (ms), 0 for none. Default DEFAULT_STATEMENT_TIMEOUT_MS. */
  statementTimeoutMs?: number;
  /** An initialised data directory to start a copy of (a cached replay state) instead of the empty template. */
  from?: string;
}

const open = new Set<{ dir: string; host?: StartedHost }>();
/** CPU time (user + system) since `since`: on a busy machine wall time says more about the neighbours. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return Math.round((d.user + d.system) / 1000);
};
let handlersInstalled = false;

/** Ctrl-C / SIGTERM: stop every worker, remove every throwaway data dir, then exit as the signal would have. The
 * main thread is free while Postgres works (it runs in a worker), so this runs at once even mid-statement. */
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const cleanupSync = () => {
    for (const db of open) rmSync(db.dir, { recursive: true, force: true });
  };
  process.on('exit', cleanupSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const code = signal === 'SIGINT' ? 130 : 143;
      const grace = new Promise((resolve) => setTimeout(resolve, 500).unref());
      Promise.race([Promise.allSettled([...open].map((db) => db.host?.kill())), grace]).finally(() => {
        cleanupSync();
        process.exit(code);
      });
    });
  }
}

/** Copies an initialised data directory (~370 files, 9 MB for the template): plain sync copies (a reflink where the
 * file system has them). fs.cp spent ~70 ms of CPU on per-file stat bookkeeping, this ~14 ms. */
export function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name));
    else copyFileSync(join(from, entry.name), join(to, entry.name), constants.COPYFILE_FICLONE);
  }
}

const startError = (error: unknown) =>
  new DriftgateError(`cannot start the embedded Postgres: ${(error as Error).message.split('\n')[0]}`, `Run with --debug for details, or pass --db URL; if it persists, delete the cache ${cacheRoot()}.`);

/** Copies a data directory to a throwaway one and starts PGlite on it; the copy is removed when the start fails. */
async function startOnCopy(from: string, opts: StartOptions): Promise<{ dir: string; host: StartedHost }> {
  const entry: { dir: string; host?: StartedHost } = { dir: makeDataDir() };
  open.add(entry);
  try {
    // The worker module starts loading first; the copy runs meanwhile.
    const loading = import('./host/worker-host.js');
    copyTree(from, entry.dir);
    const { startHost } = await loading;
    // relaxedDurability: nothing here needs to survive a crash; the data dir is thrown away (or closed cleanly first).
    entry.host = await startHost({ dir: entry.dir, extensions: opts.extensions ?? [], relaxedDurability: true, statementTimeoutMs: opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS });
    return entry as { dir: string; host: StartedHost };
  } catch (error) {
    open.delete(entry);
    rmSync(entry.dir, { recursive: true, force: true });
    throw error;
  }
}

/** Starts PGlite, in a worker thread, on a private copy of a cached initialised data directory (~0.5 s instead of
 * ~3 s for initdb), with the extensions asked for. Leftovers of killed runs are removed first. */
export async function startEmbedded(opts: StartOptions = {}): Promise<EmbeddedDb> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  removeStaleDataDirs();
  installHandlers();
  let template: Awaited<ReturnType<typeof ensureTemplate>> = { dir: opts.from ?? '', built: false };
  if (!opts.from) {
    try {
      template = await ensureTemplate();
    } catch (error) {
      throw new DriftgateError(`cannot prepare the embedded Postgres: ${(error as Error).message.split('\n')[0]}`, 'Set DRIFTGATE_CACHE_DIR to a writable directory, or pass --db URL.');
    }
  }
  let entry: Awaited<ReturnType<typeof startOnCopy>>;
  try {
    entry = await startOnCopy(template.dir, opts);
  } catch (error) {
    // A damaged cached template (a disk filled up, a file deleted by hand) must not fail every later run: build it
    // again once. A cached replay state (opts.from) is the replay cache's to discard.
    if (opts.from || template.built) throw startError(error);
    debug(`embedded: the cached data dir did not start (${(error as Error).message.split('\n')[0]}); rebuilding it`);
    rmSync(template.dir, { recursive: true, force: true });
    try {
      template = await ensureTemplate();
      entry = await startOnCopy(template.dir, opts);
    } catch (again) {
      throw startError(again);
    }
  }
  const { dir } = entry;
  const host = entry.host;
  let closing: Promise<void> | undefined;
  const shutdown = (keep: boolean) => {
    closing ??= (async () => {
      try {
        await host.pg.close();
      } catch (error) {
        debug(`embedded: close failed: ${(error as Error).message}`);
        if (keep) throw error;
      } finally {
        await host.kill();
        open.delete(entry);
        if (!keep) rmSync(dir, { recursive: true, force: true });
      }
    })();
    return closing;
  };
  const db: EmbeddedDb = {
    pg: host.pg,
    dir,
    start: { ms: Math.round(performance.now() - t0), cpuMs: cpuMs(cpu0), mode: template.built ? 'cold' : 'cached' },
    unavailable: host.unavailable,
    serverVersion: host.serverVersion,
    detach: async () => {
      await shutdown(true);
      return dir;
    },
    close: () => shutdown(false).catch(() => undefined),
  };
  debug(`embedded: started (${db.start.mode}${opts.from ? ', from a cached replay state' : ''}) in ${db.start.ms}ms, Postgres ${db.serverVersion}${opts.extensions?.length ? `, extensions ${opts.extensions.join(', ')}` : ''}`);
  return db;
}

/** Runs `fn` against a fresh embedded Postgres and always shuts it down, whatever `fn` does. */
export async function withEmbedded<T>(fn: (db: EmbeddedDb) => Promise<T>, opts: StartOptions = {}): Promise<T> {
  const db = await startEmbedded(opts);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
