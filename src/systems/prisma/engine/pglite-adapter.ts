import type { EnginePg } from './engine-pglite.js';
import { charAsText, patchAdapter } from './pg-adapter.js';

type PgResult = { fields: { name: string; dataTypeID: number }[]; rows: unknown[]; rowCount: number };
type QueryConfig = { text: string; values?: unknown[]; rowMode?: string; types?: { getTypeParser(oid: number, format: string): (v: string) => unknown } };

/** Runs a node-postgres style query on embedded Postgres and answers as node-postgres would: rows as arrays of text
 * values parsed by the caller's type parsers (adapter-pg brings its own), so adapter-pg's conversions apply unchanged. */
async function pgQuery(db: EnginePg, config: QueryConfig | string, values?: unknown[]): Promise<PgResult> {
  if (typeof config === 'string' && !values?.length) {
    await db.exec(config); // a script: the simple protocol, several statements
    return { fields: [], rows: [], rowCount: 0 };
  }
  const query = typeof config === 'string' ? { text: config, values } : config;
  const res = await db.raw(query.text, (query.values ?? values ?? []) as unknown[]);
  const parse = res.fields.map((f) => (query.types ? query.types.getTypeParser(f.dataTypeID, 'text') : (v: string) => v));
  return {
    fields: res.fields,
    rows: res.rows.map((row) => row.map((v, i) => (v === null ? null : parse[i](v)))),
    rowCount: res.affectedRows ?? res.rows.length,
  };
}

/** A Prisma driver adapter factory over embedded Postgres (PGlite): `main` gives the database the engine works on
 * (started only if the engine asks: a migrations-to-schema diff needs the shadow only), and
 * every shadow database is a fresh embedded instance, closed when the engine lets go of it. node-postgres' Pool is
 * subclassed so @prisma/adapter-pg (which insists on a pg.Pool) does the value conversions. */
export async function createPgliteAdapterFactory(main: () => Promise<EnginePg>, startShadow: () => Promise<EnginePg>): Promise<object> {
  const [{ default: pg }, { PrismaPg }, { bindMigrationAwareSqlAdapterFactory }] = await Promise.all([
    import('pg'),
    import('@prisma/adapter-pg'),
    import('@prisma/driver-adapter-utils'),
  ]);

  class PglitePool extends pg.Pool {
    constructor(private readonly db: EnginePg, private readonly closeOnEnd: boolean) {
      super();
    }
    override query(config: unknown, values?: unknown): never {
      const sql = typeof config === 'string' ? config : (config as QueryConfig).text;
      return pgQuery(this.db, config as QueryConfig, values as unknown[]).then((res) => charAsText(res, sql)) as never;
    }
    override connect(): never {
      const client = { query: (config: unknown, values?: unknown) => this.query(config, values), release: () => {}, on: () => client, removeListener: () => client };
      return Promise.resolve(client) as never;
    }
    override async end(): Promise<void> {
      if (this.closeOnEnd) await this.db.close();
    }
  }

  const adapterOver = async (db: EnginePg, closeOnEnd: boolean) => patchAdapter(await new PrismaPg(new PglitePool(db, closeOnEnd), { disposeExternalPool: true }).connect());
  const factory = {
    provider: 'postgres' as const,
    adapterName: '@prisma/adapter-pg',
    connect: async () => adapterOver(await main(), false),
    connectToShadowDb: async () => adapterOver(await startShadow(), true),
  };
  return bindMigrationAwareSqlAdapterFactory(factory as Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0]);
}
