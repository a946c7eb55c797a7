import { rmSync } from 'node:fs';
import { debug } from '../debug.js';
import { DriftgateError } from '../errors.js';
import { cacheRoot, ensureTemplate } from './data-dir-cache.js';
import type { EmbeddedPg, StartedHost } from './host/worker-host.js';

export type { EmbeddedPg, EmbeddedQueryable } from './host/worker-host.js';

/** The replay's default per-statement time limit: long enough for any real migration on an empty database, short
 * enough that a runaway loop does not hold a `git push` for long. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

/** A running embedded Postgres, in memory. `close()` is idempotent; Ctrl-C stops it too. */
export interface EmbeddedDb {
  pg: EmbeddedPg;
  /** How the start went: `cached` loaded an initialised data dir (the template or a cached replay state), `cold` had
   * to run initdb first. */
  start: { ms: number; cpuMs: number; mode: 'cached' | 'cold' };
  /** Extensions asked for that the embedded Postgres cannot provide: each is an empty stub (`CREATE EXTENSION`
   * succeeds, creates nothing). */
  unavailable: string[];
  /** `show server_version` of the embedded Postgres. */
  serverVersion: string;
  /** Writes the database as it is now to `path` (tar): a later start can begin from it (StartOptions.from). */
  dump(path: string): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extension names the migrations create (`CREATE EXTENSION`), loaded at start: PGlite needs them up front. */
  extensions?: string[];
  /** Longest one statement may run (ms), 0 for none. Default DEFAULT_STATEMENT_TIMEOUT_MS. */
  statementTimeoutMs?: number;
  /** A data directory written by `dump` (a cached replay state) to start from instead of the empty template. */
  from?: string;
}

const running = new Set<StartedHost>();
/** CPU time (user + system) since `since`: on a busy machine wall time says more about the neighbours. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return Math.round((d.user + d.system) / 1000);
};
let handlersInstalled = false;

/** Ctrl-C / SIGTERM: stop every worker, then exit as the signal would have. The main thread is free while Postgres
 * works (it runs in a worker), so this runs at once even mid-statement. The databases live in memory: nothing is
 * left on disk. */
function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const code = signal === 'SIGINT' ? 130 : 143;
      const grace = new Promise((resolve) => setTimeout(resolve, 500).unref());
      Promise.race([Promise.allSettled([...running].map((host) => host.kill())), grace]).finally(() => process.exit(code));
    });
  }
}

/** Gets PGlite loading now, in the thread a coming start will use (prestartHost): for callers that know a replay
 * follows but still have files to read first. */
export async function prestartEmbedded(): Promise<void> {
  (await import('./host/worker-host.js')).prestartHost();
}

const startError = (error: unknown) =>
  new DriftgateError(`cannot start the embedded Postgres: ${(error as Error).message.split('\n')[0]}`, `Run with --debug for details, or pass --db URL; if it persists, delete the cache ${cacheRoot()}.`);

/** Starts PGlite, in a worker thread and in memory, on a cached initialised data directory (~0.3 s instead of ~3 s
 * for initdb), with the extensions asked for. */
export async function startEmbedded(opts: StartOptions = {}): Promise<EmbeddedDb> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  installHandlers();
  // The worker module loads while the template is checked (or built).
  const loading = import('./host/worker-host.js');
  let template: Awaited<ReturnType<typeof ensureTemplate>> = { file: opts.from ?? '', built: false };
  if (!opts.from) {
    try {
      template = await ensureTemplate();
    } catch (error) {
      throw new DriftgateError(`cannot prepare the embedded Postgres: ${(error as Error).message.split('\n')[0]}`, 'Set DRIFTGATE_CACHE_DIR to a writable directory, or pass --db URL.');
    }
  }
  const { startHost } = await loading;
  // relaxedDurability: nothing here needs to survive a crash
  const start = (file: string) => startHost({ load: file, extensions: opts.extensions ?? [], relaxedDurability: true, statementTimeoutMs: opts.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS });
  let host: StartedHost;
  try {
    host = await start(template.file);
  } catch (error) {
    // A damaged cached template (a disk filled up, a file truncated by hand) must not fail every later run: build
    // it again once. A cached replay state (opts.from) is the replay cache's to discard.
    if (opts.from || template.built) throw startError(error);
    debug(`embedded: the cached data dir did not start (${(error as Error).message.split('\n')[0]}); rebuilding it`);
    rmSync(template.file, { force: true });
    try {
      template = await ensureTemplate();
      host = await start(template.file);
    } catch (again) {
      throw startError(again);
    }
  }
  running.add(host);
  let closing: Promise<void> | undefined;
  const db: EmbeddedDb = {
    pg: host.pg,
    start: { ms: Math.round(performance.now() - t0), cpuMs: cpuMs(cpu0), mode: template.built ? 'cold' : 'cached' },
    unavailable: host.unavailable,
    serverVersion: host.serverVersion,
    dump: (path) => host.pg.dump(path),
    close: () =>
      (closing ??= host.pg
        .close()
        .catch((error) => debug(`embedded: close failed: ${(error as Error).message}`))
        .finally(async () => {
          await host.kill();
          running.delete(host);
        })),
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
