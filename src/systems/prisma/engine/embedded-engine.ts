import { startEnginePg, type EnginePg } from './engine-pglite.js';
import { loadSchemaEngine, type SchemaEngineHandle } from './load-engine.js';
import { createPgliteAdapterFactory } from './pglite-adapter.js';
import type { SchemaFiles } from './engine-session.js';

/** Runs `fn` with a schema engine whose database is an embedded Postgres (started when first used, or `db` when
 * given) and whose shadow databases are fresh embedded instances: Prisma's own judgement without any server. */
export async function withEmbeddedSchemaEngine<T>(opts: { projectDir: string; schema: SchemaFiles; db?: EnginePg; extensions?: string[] }, fn: (engine: SchemaEngineHandle) => Promise<T>): Promise<T> {
  let main: Promise<EnginePg> | undefined;
  const mainDb = () => (main ??= opts.db ? Promise.resolve(opts.db) : startEnginePg(opts.extensions));
  try {
    const [{ module }, adapter] = await Promise.all([loadSchemaEngine(opts.projectDir), createPgliteAdapterFactory(mainDb, () => startEnginePg(opts.extensions))]);
    const engine = await module.SchemaEngine.new({ datamodels: opts.schema.map((f) => [f.path, f.content] as [string, string]) }, () => {}, adapter);
    try {
      return await fn(engine);
    } finally {
      engine.free();
    }
  } finally {
    if (main && !opts.db) await (await main).close();
  }
}
