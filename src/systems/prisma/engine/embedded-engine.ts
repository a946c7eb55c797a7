import { startEnginePg, type EnginePg } from './engine-pglite.js';
import { loadSchemaEngine, type SchemaEngineHandle } from './load-engine.js';
import { createPgliteAdapterFactory } from './pglite-adapter.js';
import type { SchemaFiles } from './engine-session.js';

/** Runs `fn` with a schema engine whose database is an embedded Postgres (started when first used, or `db` when
 * given) and whose shadow databases are fresh embedded instances: Prisma's own judgement without any server. */
export async function withEmbeddedSchemaEngine<T>(opts: { projectDir: string; schema: SchemaFiles; db?: EnginePg; extensions?: string[] }, fn: (engine: SchemaEngineHandle) => Promise<T>): Promise<T> {
  const shadows = shadowPool(opts.extensions);
  // A migrations diff needs shadows only, but the engine probes its main database first (one catalog query: a
  // schema's existence, the server version): without a database of the caller's, each query borrows a pooled
  // instance — the same one the shadow then gets, instead of a second embedded start.
  const main = opts.db ?? shadows.borrowing();
  const mainDb = async () => main;
  try {
    const [{ module }, adapter] = await Promise.all([loadSchemaEngine(opts.projectDir), createPgliteAdapterFactory(mainDb, shadows.take)]);
    const engine = await module.SchemaEngine.new({ datamodels: opts.schema.map((f) => [f.path, f.content] as [string, string]) }, () => {}, adapter);
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    await shadows.close();
  }
}

/** Embedded databases for one engine: each start costs 1–2 s of CPU (a template copy, PGlite's own start), and the
 * engine asks for a database more than once per call (the main probe, then a shadow; a shadow per diff side). A
 * released one is reset to its starting state and handed out again; all are closed at the end. */
export function shadowPool(extensions: string[] | undefined): { take(): Promise<EnginePg>; borrowing(): EnginePg; close(): Promise<void> } {
  const started: EnginePg[] = [];
  const spare: EnginePg[] = [];
  const pooled = (db: EnginePg): EnginePg => ({
    ...db,
    async close() {
      try {
        await db.reset!();
        spare.push(pooled(db));
      } catch {
        await db.close(); // not reusable: the next take starts another
      }
    },
  });
  const take = async () => {
    const reused = spare.pop();
    if (reused) return reused;
    const db = await startEnginePg(extensions);
    started.push(db);
    return db.reset ? pooled(db) : db;
  };
  /** Runs one request on a pooled instance and gives it back (reset by close, as a released shadow is). */
  const borrow = async <T>(fn: (db: EnginePg) => Promise<T>): Promise<T> => {
    const db = await take();
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };
  return {
    take,
    borrowing: () => ({ raw: (text, params) => borrow((db) => db.raw(text, params)), exec: (text) => borrow((db) => db.exec(text)), close: async () => undefined }),
    async close() {
      await Promise.all(started.map((db) => db.close()));
    },
  };
}
