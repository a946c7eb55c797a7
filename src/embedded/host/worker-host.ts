import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HostCall, HostError, HostInit, HostReply, HostResult, RawResult } from './protocol.js';

/** The part of PGlite (or of one of its transactions) the replay uses. A real PGlite fits it too. */
export interface EmbeddedQueryable {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows?: number }>;
  exec(text: string): Promise<{ rows: any[]; affectedRows?: number }[]>;
}

/** An embedded Postgres: PGlite's query/exec/transaction/close, served by a worker thread. */
export interface EmbeddedPg extends EmbeddedQueryable {
  /** A query answered as a wire-protocol driver sees it (text values, column type ids): for a driver adapter. */
  raw(text: string, params?: unknown[]): Promise<RawResult>;
  transaction<T>(fn: (tx: EmbeddedQueryable) => Promise<T>): Promise<T>;
  /** Checkpoints and writes the data directory to `path` (tar), to start a copy of it later. */
  dump(path: string): Promise<void>;
  close(): Promise<void>;
  readonly closed: boolean;
}

/** A statement that ran past the time limit: the worker was terminated, the database is gone. */
export class StatementTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`the statement did not finish within ${formatLimit(limitMs)} (the replay's statement time limit: replay.statementTimeout or --statement-timeout); the embedded Postgres was stopped`);
    this.name = 'StatementTimeoutError';
  }
}

export const formatLimit = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/** Raised for the host's Postgres errors: PGlite's fields (code, position, detail, hint, …) kept as properties. */
class HostDatabaseError extends Error {
  constructor(fields: HostError) {
    super(fields.message);
    Object.assign(this, fields, { name: 'DatabaseError' });
  }
}

/** The compiled worker next to this module; from TypeScript sources (tests) the built copy in dist/. */
function workerFile(): URL {
  const here = new URL('./pglite-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  return new URL('../../../dist/embedded/host/pglite-worker.js', import.meta.url);
}

export interface HostOptions extends HostInit {
  /** Longest a single request may run (ms); 0 = no limit. */
  statementTimeoutMs: number;
}

export interface StartedHost {
  pg: EmbeddedPg;
  /** Extensions asked for that this PGlite has no bundle for (stubbed: CREATE EXTENSION succeeds, creates nothing). */
  unavailable: string[];
  serverVersion: string;
  /** Stops the worker at once (signal handlers; no goodbye to Postgres). */
  kill(): Promise<void>;
}

/** A spawned worker that no database was asked of yet (see prestartHost). */
let standby: { worker: Worker; gone: boolean } | undefined;

// no inherited node flags: the worker is plain JS (and flags such as --input-type are invalid in a worker)
const spawn = () => new Worker(workerFile(), { execArgv: [] });

/** Spawns the next host's worker now: PGlite loads and compiles in it (~0.25 s of a start) while the caller still
 * reads and hashes the migrations; the next startHost takes it. It does not keep the process alive, and a worker
 * that died waiting is replaced. */
export function prestartHost(): void {
  if (standby && !standby.gone) return;
  const waiting = { worker: spawn(), gone: false };
  waiting.worker.unref();
  const gone = () => (waiting.gone = true);
  waiting.worker.once('error', gone).once('exit', gone);
  standby = waiting;
}

function takeWorker(): Worker {
  const taken = standby;
  standby = undefined;
  if (!taken || taken.gone) return spawn();
  taken.worker.removeAllListeners().ref();
  return taken.worker;
}

/** Starts PGlite in a worker thread (the prestarted one, if any). Requests go one at a time, each timed: past
 * `statementTimeoutMs` the worker is terminated and the request (and every later one) rejects — a WebAssembly loop
 * cannot be interrupted otherwise. */
export function startHost(opts: HostOptions): Promise<StartedHost> {
  const { statementTimeoutMs, ...init } = opts;
  const worker = takeWorker();
  worker.postMessage(init);
  let nextId = 1;
  let dead: Error | undefined;
  let closed = false;
  const waiting = new Map<number, { resolve(r: unknown): void; reject(e: Error): void }>();
  let chain: Promise<unknown> = Promise.resolve();

  const die = (error: Error) => {
    if (dead) return;
    dead = error;
    closed = true;
    for (const w of waiting.values()) w.reject(error);
    waiting.clear();
    void worker.terminate();
  };

  const send = (req: HostCall): Promise<unknown> => {
    const run = () =>
      new Promise<unknown>((resolve, reject) => {
        if (dead) return reject(dead);
        const id = nextId++;
        const timer = statementTimeoutMs > 0 ? setTimeout(() => die(new StatementTimeoutError(statementTimeoutMs)), statementTimeoutMs) : undefined;
        const done = <T>(fn: (v: T) => void) => (v: T) => {
          clearTimeout(timer);
          fn(v);
        };
        waiting.set(id, { resolve: done(resolve), reject: done(reject) });
        worker.postMessage({ ...req, id });
      });
    const result = chain.then(run, run);
    chain = result.catch(() => undefined);
    return result;
  };

  const queryable: EmbeddedQueryable = {
    query: async <T>(text: string, params: unknown[] = []) => (await send({ op: 'query', text, params })) as { rows: T[]; affectedRows?: number },
    exec: async (text: string) => (await send({ op: 'exec', text })) as HostResult[],
  };
  const pg: EmbeddedPg = {
    ...queryable,
    raw: async (text: string, params: unknown[] = []) => (await send({ op: 'raw', text, params })) as RawResult,
    dump: async (path: string) => void (await send({ op: 'dump', path })),
    async transaction(fn) {
      await queryable.exec('BEGIN');
      try {
        const result = await fn(queryable);
        await queryable.exec('COMMIT');
        return result;
      } catch (error) {
        if (!dead) await queryable.exec('ROLLBACK').catch(() => undefined);
        throw error;
      }
    },
    // The database lives only in the worker's memory, and what is worth keeping was dumped before: a clean shutdown
    // (a checkpoint writing every dirty page into memory that is about to go) would only cost time.
    async close() {
      if (closed) return;
      closed = true;
      die(new Error('the embedded Postgres is closed'));
      await worker.terminate();
    },
    get closed() {
      return closed;
    },
  };

  return new Promise<StartedHost>((resolve, reject) => {
    worker.on('message', (msg: HostReply) => {
      if (msg.type === 'ready') resolve({ pg, unavailable: msg.unavailable, serverVersion: msg.serverVersion, kill: async () => die(new Error('the embedded Postgres was stopped')) });
      else if (msg.type === 'fatal') {
        reject(new HostDatabaseError(msg.error));
        die(new HostDatabaseError(msg.error));
      } else {
        const w = waiting.get(msg.id);
        waiting.delete(msg.id);
        if (msg.ok) w?.resolve(msg.result);
        else w?.reject(new HostDatabaseError(msg.error));
      }
    });
    worker.on('error', (error) => {
      reject(error);
      die(error);
    });
    worker.on('exit', (code) => {
      const error = new Error(`the embedded Postgres stopped (worker exit ${code})`);
      reject(error);
      die(dead ?? error);
    });
  });
}
