import { debug } from '../debug.js';
import { DriftgateError } from '../errors.js';
import { connectionLabel, parseConnection, type Connection } from './connection.js';
import { maskSecrets, redactConnectionString } from './redact.js';
import type { SqlClient } from './sql-client.js';

export interface ConnectOptions {
  /** Seconds to wait for the server (connect + auth). */
  connectTimeoutMs: number;
  /** Per-statement limit, set as statement_timeout inside the transaction. */
  statementTimeoutMs: number;
  /** What holds the URL (`DATABASE_URL`, `POSTGRES_URL (.env)`, `the --db URL`), for the authentication hint. */
  urlHolder?: string;
}

export const DEFAULT_CONNECT_OPTIONS: ConnectOptions = { connectTimeoutMs: 5_000, statementTimeoutMs: 30_000 };

/** Why a connection failed, in one line, with a hint — never the driver's stack, never the password. */
function connectionError(error: unknown, conn: Connection, opts: ConnectOptions): DriftgateError {
  const e = error as { code?: string; message?: string; errno?: string };
  const where = connectionLabel(conn);
  // A server or proxy may repeat the password (or PGPASSWORD) in its message: mask it whatever its length.
  let reason = maskSecrets(redactConnectionString(String(e?.message ?? error).split('\n')[0]));
  for (const pw of [conn.password, process.env.PGPASSWORD]) if (pw && pw.length >= 3) reason = reason.split(pw).join('***');
  switch (e?.code) {
    case 'ECONNREFUSED':
      return new DriftgateError(`cannot connect to ${where}: connection refused`, 'Is PostgreSQL running on that host and port?');
    case 'CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return new DriftgateError(`cannot connect to ${where}: no answer within ${opts.connectTimeoutMs / 1000}s`, 'Check host, port and firewall, or raise --connect-timeout.');
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new DriftgateError(`cannot connect to ${where}: unknown host`, 'Check the host name in the database URL.');
    case '28P01':
    case '28000':
      return new DriftgateError(`cannot connect to ${where}: authentication failed`, `Check the user and password in ${opts.urlHolder ?? 'the database URL'}.`);
    case '3D000':
      return new DriftgateError(`cannot connect to ${where}: the database does not exist`, 'Check the database name in the URL; driftgate never creates databases.');
    case '57014':
      return new DriftgateError(`query on ${where} exceeded statement_timeout (${opts.statementTimeoutMs / 1000}s)`, 'Raise --statement-timeout, or check for locks on the catalog.');
    default:
      return new DriftgateError(`database ${where}: ${reason}`, 'Run with --debug for details.');
  }
}

/** Opens one connection to a real server, runs `fn` inside a READ ONLY transaction with statement_timeout, rolls
 * back, and closes. driftgate never writes: the session is also started with default_transaction_read_only. */
export async function withReadOnlyDatabase<T>(target: Connection | string, opts: ConnectOptions, fn: (client: SqlClient) => Promise<T>): Promise<T> {
  const conn = typeof target === 'string' ? parseConnection({ text: target, source: 'the URL' }) : target;
  const { default: postgres } = await import('postgres');
  let sql: ReturnType<typeof postgres>;
  try {
    // Options, never the text: postgres.js would parse a URL itself (WHATWG rules, echoing it on failure).
    const unixSocket = conn.hosts.length === 1 && conn.hosts[0].startsWith('/');
    sql = postgres({
      ...(unixSocket ? { path: `${conn.hosts[0]}/.s.PGSQL.${conn.ports[0]}` } : { host: conn.hosts as never, port: conn.ports as never }),
      ...(conn.user ? { user: conn.user } : {}),
      ...(conn.password !== undefined ? { password: conn.password } : {}),
      ...(conn.database ? { database: conn.database } : {}),
      ssl: (conn.ssl ?? false) as never,
      max: 1,
      connect_timeout: Math.max(opts.connectTimeoutMs / 1000, 0.001),
      idle_timeout: 1,
      prepare: false,
      onnotice: () => {},
      connection: { ...conn.params, application_name: 'driftgate', default_transaction_read_only: 'on' } as Record<string, string>,
    });
  } catch (error) {
    throw connectionError(error, conn, opts);
  }
  const label = connectionLabel(conn);
  // A hard stop in case the server accepts the TCP connection but never answers the startup (postgres.js's
  // connect_timeout covers the socket only).
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error('connect timeout'), { code: 'CONNECT_TIMEOUT' })), opts.connectTimeoutMs + 1_000);
  });
  try {
    const t0 = performance.now();
    await Promise.race([sql`select 1`, guard]);
    clearTimeout(timer);
    debug(`connected to ${label} in ${(performance.now() - t0).toFixed(1)}ms`);
    let result!: T;
    await sql.begin('read only', async (tx) => {
      await tx.unsafe(`set local statement_timeout = ${Math.round(opts.statementTimeoutMs)}`);
      // Only the system catalog's functions and operators: a function planted in public with a more exact signature
      // (public.to_json(smallint[])) would otherwise run inside our queries, as our role (docs/security.md).
      await tx.unsafe(PINNED_SEARCH_PATH);
      const client: SqlClient = { query: (text, params) => tx.unsafe(text, (params ?? []) as never[]) as unknown as Promise<never[]> };
      result = await fn(client);
      // Nothing to keep: roll back, so even a bug could not commit anything.
      throw ROLLBACK;
    }).catch((error) => {
      if (error !== ROLLBACK) throw error;
    });
    return result;
  } catch (error) {
    if (error instanceof DriftgateError) throw error;
    throw connectionError(error, conn, opts);
  } finally {
    clearTimeout(timer);
    await sql.end({ timeout: 0 }).catch(() => {});
  }
}

const ROLLBACK = Symbol('rollback');
export const PINNED_SEARCH_PATH = 'set local search_path = pg_catalog, pg_temp';
