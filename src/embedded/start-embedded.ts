import { constants, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { debug } from '../debug.js';
import { DriftgateError } from '../errors.js';
import { ensureTemplate } from './data-dir-cache.js';

/** A running embedded Postgres. `close()` is idempotent and also runs on exit and on Ctrl-C. */
export interface EmbeddedDb {
  pg: PGlite;
  /** The throwaway data directory (removed on close). */
  dir: string;
  /** How the start went: `cached` copied the initialised template, `cold` had to run initdb first. */
  start: { ms: number; cpuMs: number; mode: 'cached' | 'cold' };
  close(): Promise<void>;
}

const open = new Set<EmbeddedDb>();
/** CPU time (user + system) since `since`: on a busy machine wall time says more about the neighbours. */
const cpuMs = (since: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(since);
  return Math.round((d.user + d.system) / 1000);
};
let handlersInstalled = false;

/** Ctrl-C / SIGTERM: remove every throwaway data dir, then exit as the signal would have. Without handlers, a
 * killed replay would leave copies of the data dir behind in the temp dir. */
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
      // A replay holds PGlite's lock for its whole transaction: do not wait for a close that waits for it.
      const grace = new Promise((resolve) => setTimeout(resolve, 500).unref());
      Promise.race([Promise.allSettled([...open].map((db) => db.close())), grace]).finally(() => {
        cleanupSync();
        process.exit(code);
      });
    });
  }
}

/** Copies the template (~370 files, 9 MB): plain sync copies (a reflink where the file system has them). fs.cp
 * spent ~70 ms of CPU on per-file stat bookkeeping, this ~14 ms. */
function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.isDirectory()) copyTree(join(from, entry.name), join(to, entry.name));
    else copyFileSync(join(from, entry.name), join(to, entry.name), constants.COPYFILE_FICLONE);
  }
}

/** Starts PGlite on a private copy of a cached, initialised data directory (~0.5 s instead of ~3 s for initdb). */
export async function startEmbedded(): Promise<EmbeddedDb> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let template: Awaited<ReturnType<typeof ensureTemplate>>;
  try {
    template = await ensureTemplate();
  } catch (error) {
    throw new DriftgateError(`cannot prepare the embedded Postgres: ${(error as Error).message.split('\n')[0]}`, 'Set DRIFTGATE_CACHE_DIR to a writable directory, or pass --db URL.');
  }
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-pglite-'));
  installHandlers();
  let pg: PGlite;
  try {
    // The WASM module starts loading first; the copy runs meanwhile.
    const loading = import('@electric-sql/pglite');
    copyTree(template.dir, dir);
    const { PGlite } = await loading;
    // relaxedDurability: nothing here needs to survive a crash; the data dir is thrown away.
    pg = await PGlite.create(dir, { relaxedDurability: true });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw new DriftgateError(`cannot start the embedded Postgres: ${(error as Error).message.split('\n')[0]}`, 'Run with --debug for details, or pass --db URL.');
  }
  let closing: Promise<void> | undefined;
  const db: EmbeddedDb = {
    pg,
    dir,
    start: { ms: Math.round(performance.now() - t0), cpuMs: cpuMs(cpu0), mode: template.built ? 'cold' : 'cached' },
    close() {
      closing ??= (async () => {
        try {
          if (!pg.closed) await pg.close();
        } catch (error) {
          debug(`embedded: close failed: ${(error as Error).message}`);
        } finally {
          rmSync(dir, { recursive: true, force: true });
          open.delete(db);
        }
      })();
      return closing;
    },
  };
  open.add(db);
  debug(`embedded: started (${db.start.mode}) in ${db.start.ms}ms`);
  return db;
}

/** Runs `fn` against a fresh embedded Postgres and always shuts it down, whatever `fn` does. */
export async function withEmbedded<T>(fn: (db: EmbeddedDb) => Promise<T>): Promise<T> {
  const db = await startEmbedded();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}
