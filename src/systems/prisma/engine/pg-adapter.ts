import { randomUUID } from 'node:crypto';
import { debug } from '../../../debug.js';

/** Postgres' internal one-byte `"char"` type (pg_class.relkind, pg_constraint.contype, …). */
const CHAR_OID = 18;
const TEXT_OID = 25;

/** A driver adapter for the wasm schema engine over node-postgres, built on `@prisma/adapter-pg` with two of its
 * 7.10.1 defects worked around:
 * - it maps no column type to OID 18 (`"char"`), so the engine's own catalog queries fail with "Column type 'char'
 *   could not be deserialized": a pg Client that reports such columns as text (their value is a one-letter string);
 * - its shadow database is opened as `{ ...config, database }`, which a `connectionString` overrides (the "shadow"
 *   is the main database), and dropped while its pool is still open: the shadow connection here is built from a URL
 *   naming the new database, and the database is dropped after that pool has ended.
 * `readOnly` opens every session with default_transaction_read_only, for databases driftgate only inspects. */
export async function createPgAdapterFactory(url: string, opts: { readOnly?: boolean; shadowUrl?: string } = {}): Promise<object> {
  const [{ default: pg }, { PrismaPg }, { bindMigrationAwareSqlAdapterFactory }] = await Promise.all([
    import('pg'),
    import('@prisma/adapter-pg'),
    import('@prisma/driver-adapter-utils'),
  ]);

  class CharAsTextClient extends pg.Client {
    // node-postgres calls query() both with a callback (Pool.query) and without (the adapter's own clients).
    override query(...args: unknown[]): never {
      const last = args[args.length - 1];
      const callback = typeof last === 'function' ? (args.pop() as (err: unknown, res?: unknown) => void) : undefined;
      const first = args[0] as string | { text?: string };
      const result = (super.query as (...a: unknown[]) => Promise<unknown>)(...args).then((res) => charAsText(res, typeof first === 'string' ? first : first?.text));
      if (!callback) return result as never;
      result.then((res) => callback(null, res), (err) => callback(err));
      return undefined as never;
    }
  }

  const pool = (connectionString: string, readOnly = opts.readOnly) =>
    new pg.Pool({
      connectionString,
      Client: CharAsTextClient,
      max: 2,
      idleTimeoutMillis: 1_000,
      application_name: 'driftgate',
      ...(readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
    });

  const main = new PrismaPg(pool(url), { disposeExternalPool: true });
  const factory = {
    provider: main.provider,
    adapterName: main.adapterName,
    connect: async () => patchAdapter(await main.connect()),
    async connectToShadowDb() {
      if (opts.shadowUrl) return patchAdapter(await new PrismaPg(pool(opts.shadowUrl, false), { disposeExternalPool: true }).connect());
      // A connection of its own (never read-only): the main one may be the engine's open session.
      const admin = await new PrismaPg(pool(url, false), { disposeExternalPool: true }).connect();
      const name = `driftgate_shadow_${randomUUID().replace(/-/g, '')}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      debug(`prisma shadow database ${name}`);
      const shadow = patchAdapter(await new PrismaPg(pool(withDatabase(url, name), false), { disposeExternalPool: true }).connect());
      const dispose = shadow.dispose.bind(shadow);
      shadow.dispose = async () => {
        await dispose(); // its pool ends first: a database with open sessions cannot be dropped
        try {
          await admin.executeScript(`DROP DATABASE IF EXISTS "${name}"`);
        } finally {
          await admin.dispose();
        }
      };
      return shadow;
    },
  };
  return bindMigrationAwareSqlAdapterFactory(factory as Parameters<typeof bindMigrationAwareSqlAdapterFactory>[0]);
}

/** The same server URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

/** Which columns of a query's result were `"char"` (OID 18), by SQL text. adapter-pg 7.10.1 maps no column type to
 * OID 18 and fails the query; the engine reads such columns (pg_constraint.contype, …) as a Character. So the driver
 * reports them as text (adapter-pg accepts that) and `restoreCharColumns` puts Character back in the result. */
const charColumns = new Map<string, number[]>();

export function charAsText<T>(res: T, sql?: string): T {
  for (const r of (Array.isArray(res) ? res : [res]) as { fields?: { dataTypeID: number }[] }[]) {
    const chars: number[] = [];
    (r?.fields ?? []).forEach((f, i) => {
      if (f.dataTypeID !== CHAR_OID) return;
      f.dataTypeID = TEXT_OID;
      chars.push(i);
    });
    if (sql !== undefined && chars.length) charColumns.set(sql, chars);
  }
  return res;
}

const CHARACTER = 6; // ColumnTypeEnum.Character of @prisma/driver-adapter-utils
type Queryable = { queryRaw(q: { sql: string }): Promise<{ columnTypes: number[] }> };

function restoreOn<Q extends Queryable>(queryable: Q): Q {
  const queryRaw = queryable.queryRaw.bind(queryable);
  queryable.queryRaw = async (q) => {
    const result = await queryRaw(q);
    for (const i of charColumns.get(q.sql) ?? []) result.columnTypes[i] = CHARACTER;
    return result;
  };
  return queryable;
}

/** See charAsText: the adapter and every transaction it opens report `"char"` columns as Character again. */
export function restoreCharColumns<A extends Queryable & { startTransaction(...a: unknown[]): Promise<Queryable> }>(adapter: A): A {
  const startTransaction = adapter.startTransaction.bind(adapter);
  adapter.startTransaction = async (...a) => restoreOn(await startTransaction(...a));
  return restoreOn(adapter);
}

/** The adapter-pg workarounds on one connection: `"char"` columns (see charAsText), and scripts sent whole —
 * adapter-pg 7.10.1's executeScript splits a script on every `;` — inside function bodies and string literals too,
 * so a migration with a `$$ … ; … $$` function fails. A script is sent whole instead, as one simple-protocol query
 * (what psql and Prisma's native engine do); errors go through the adapter's own error mapping. */
export function patchAdapter<A extends { executeScript(script: string): Promise<void>; underlyingDriver(): { query(text: string): Promise<unknown> } }>(adapter: A): A {
  const mapError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
  restoreCharColumns(adapter as unknown as Parameters<typeof restoreCharColumns>[0]);
  adapter.executeScript = async (script) => {
    try {
      await adapter.underlyingDriver().query(script);
    } catch (error) {
      mapError(error);
    }
  };
  return adapter;
}
