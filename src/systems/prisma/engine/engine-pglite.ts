import { debug } from '../../../debug.js';
import type { PGlite } from '@electric-sql/pglite';
import { ensureTemplate } from '../../../embedded/data-dir-cache.js';
import type { EmbeddedPg } from '../../../embedded/host/worker-host.js';
import type { RawResult } from '../../../embedded/host/protocol.js';
import { loadDataDir } from '../../../embedded/host/data-dir-tar.js';
import { extensionBundles, installStub } from '../../../embedded/host/pglite-extensions.js';

/** An embedded Postgres as Prisma's engine reaches it through a driver adapter: queries answered with text values and
 * column type ids (what node-postgres gives adapter-pg), scripts run whole (simple protocol). */
export interface EnginePg {
  raw(text: string, params: unknown[]): Promise<RawResult>;
  exec(text: string): Promise<unknown>;
  close(): Promise<void>;
  /** Back to the state it started in (for reuse as the next shadow database); absent where it cannot be. */
  reset?(): Promise<void>;
}

/** A PGlite in this thread as an EnginePg. */
async function overPglite(pg: PGlite, close: () => Promise<void>): Promise<EnginePg> {
  const [{ types }, { markDatabase, resetToMark }] = await Promise.all([import('@electric-sql/pglite'), import('../../../embedded/reset-database.js')]);
  // PGlite's query/exec are the part of EmbeddedPg the reset reads and drops with
  const asEmbedded = pg as unknown as EmbeddedPg;
  const mark = await markDatabase(asEmbedded);
  const asText = Object.fromEntries(Object.keys(types.parsers).map((oid) => [oid, (v: string) => v]));
  return {
    async raw(text, params) {
      const r = await pg.query<(string | null)[]>(text, params, { rowMode: 'array', parsers: asText });
      return { fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), rows: r.rows, affectedRows: r.affectedRows };
    },
    exec: (text) => pg.exec(text),
    close,
    reset: () => resetToMark(asEmbedded, mark),
  };
}

/** The replay's embedded Postgres (a worker thread) as an EnginePg; closing it is the replay runtime's business. */
export function overEmbedded(pg: EmbeddedPg): EnginePg {
  return { raw: (text, params) => pg.raw(text, params), exec: (text) => pg.exec(text), close: async () => undefined };
}

/** A fresh embedded Postgres for Prisma's engine (its shadow databases), in this thread. Started from the replay's
 * cached template data directory, with the extensions the migrations create (stubs where PGlite has none, as the
 * replay does). */
export async function startEnginePg(extensionNames: string[] = []): Promise<EnginePg> {
  const t0 = performance.now();
  const [template, { PGlite }, { extensions, unavailable }] = await Promise.all([ensureTemplate(), import('@electric-sql/pglite'), extensionBundles(extensionNames)]);
  const pg = await PGlite.create({ ...(await loadDataDir(template.file)), relaxedDurability: true, extensions });
  for (const name of unavailable) await installStub(pg, name);
  debug(`prisma engine: embedded Postgres started in ${(performance.now() - t0).toFixed(0)}ms`);
  let closing: Promise<void> | undefined;
  return overPglite(pg, () => (closing ??= pg.close().catch(() => undefined)));
}
