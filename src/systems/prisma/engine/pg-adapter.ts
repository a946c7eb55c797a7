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
      const result = (super.query as (...a: unknown[]) => Promise<{ fields?: { dataTypeID: number }[] }>)(...args).then((res) => {
        for (const r of (Array.isArray(res) ? res : [res]) as { fields?: { dataTypeID: number }[] }[]) for (const f of r?.fields ?? []) if (f.dataTypeID === CHAR_OID) f.dataTypeID = TEXT_OID;
        return res;
      });
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
    connect: () => main.connect(),
    async connectToShadowDb() {
      if (opts.shadowUrl) return new PrismaPg(pool(opts.shadowUrl, false), { disposeExternalPool: true }).connect();
      // A connection of its own (never read-only): the main one may be the engine's open session.
      const admin = await new PrismaPg(pool(url, false), { disposeExternalPool: true }).connect();
      const name = `driftgate_shadow_${randomUUID().replace(/-/g, '')}`;
      await admin.executeScript(`CREATE DATABASE "${name}"`);
      debug(`prisma shadow database ${name}`);
      const shadow = await new PrismaPg(pool(withDatabase(url, name), false), { disposeExternalPool: true }).connect();
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
