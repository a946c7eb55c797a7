import type { SqlClient } from '../db/sql-client.js';

/** The part of PGlite (or a PGlite transaction) the adapter needs. */
export interface PgliteQueryable {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  /** Several statements in one round trip (the simple protocol). */
  exec?(text: string): Promise<{ rows: any[] }[]>;
}

interface Pending {
  text: string;
  params: unknown[];
  resolve(rows: any[]): void;
  reject(error: unknown): void;
}

/** Renumbers `$n` placeholders by `offset` so several queries can share one parameter list. Placeholders inside
 * string literals are not expected in catalog queries (all of ours are plain SQL). */
const shiftParams = (text: string, offset: number) => (offset === 0 ? text : text.replace(/\$(\d+)/g, (_, n) => `$${Number(n) + offset}`));

/** SqlClient over PGlite. Queries issued in the same tick (introspect's Promise.all) are sent as ONE statement —
 * each wrapped in `json_agg` — because every round trip into the WASM backend costs, and the replay introspects
 * after every migration. A batch that fails is retried query by query so each caller gets its own error. */
export function pgliteSqlClient(db: PgliteQueryable, opts: { prepared?: Map<string, string> } = {}): SqlClient {
  let queue: Pending[] = [];
  const pinned = Boolean(opts.prepared && db.exec);
  const flush = async () => {
    const batch = queue;
    queue = [];
    if (batch.length === 1) {
      const [only] = batch;
      const run = () => db.query(only.text, only.params).then((r) => only.resolve(r.rows), only.reject);
      return pinned ? withPinnedPath(db, run) : run();
    }
    const params: unknown[] = [];
    const columns = batch.map((q, i) => {
      const text = shiftParams(q.text, params.length);
      params.push(...q.params);
      return `(select coalesce(json_agg(q), '[]'::json) from (${text}) q) as r${i}`;
    });
    try {
      const text = `select ${columns.join(',\n')}`;
      const { rows } = opts.prepared && params.every((p) => typeof p === 'string') ? await runPrepared(db, opts.prepared, text, params as string[], pinned) : await db.query<Record<string, unknown>>(text, params);
      batch.forEach((q, i) => {
        const value = rows[0]?.[`r${i}`];
        q.resolve(typeof value === 'string' ? JSON.parse(value) : (value as any[]));
      });
    } catch {
      const oneByOne = async () => {
        for (const q of batch) await db.query(q.text, q.params).then((r) => q.resolve(r.rows), q.reject);
      };
      await (pinned ? withPinnedPath(db, oneByOne) : oneByOne());
    }
  };
  return {
    pinsSearchPath: pinned,
    // several statements in one round trip, unbatched, in the session's own search_path (see print-expressions)
    ...(db.exec ? { exec: (text: string) => db.exec!(text) } : {}),
    query<T>(text: string, params: unknown[] = []) {
      return new Promise<T[]>((resolve, reject) => {
        queue.push({ text, params, resolve, reject });
        if (queue.length === 1) queueMicrotask(() => void flush());
      });
    },
  };
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

export const SAVE_PATH = `select pg_catalog.set_config('driftgate.search_path', pg_catalog.current_setting('search_path'), false)`;
export const PIN_PATH = `select pg_catalog.set_config('search_path', 'pg_catalog, pg_temp', false)`;
export const RESTORE_PATH = `select pg_catalog.set_config('search_path', pg_catalog.current_setting('driftgate.search_path'), false)`;

/** Runs `fn` with search_path pinned to pg_catalog (see introspect), the session's own path given back after. */
async function withPinnedPath<T>(db: PgliteQueryable, fn: () => Promise<T>): Promise<T> {
  await db.query(SAVE_PATH);
  await db.query(PIN_PATH);
  try {
    return await fn();
  } finally {
    await db.query(RESTORE_PATH);
  }
}

/** The replay runs the same batched catalog statement after every migration: prepared once (a generic plan: DDL on
 * user tables does not invalidate plans over the catalogs), it skips re-planning seven catalog joins per step.
 * `prepared` maps statement text to its name and lives as long as the session. `pinned`: the session's search_path
 * is saved, pinned and given back around the statement in the same round trip (one request to the worker per step). */
async function runPrepared(db: PgliteQueryable, prepared: Map<string, string>, text: string, params: string[], pinned: boolean): Promise<{ rows: Record<string, unknown>[] }> {
  let name = prepared.get(text);
  const prepare: string[] = [];
  if (!name) {
    name = `driftgate_introspect_${prepared.size + 1}`;
    prepare.push(`PREPARE ${name} (${params.map(() => 'text').join(', ')}) AS ${text}`);
  }
  const execute = `EXECUTE ${name} (${params.map(literal).join(', ')})`;
  if (!pinned || !db.exec) {
    for (const statement of prepare) await db.query(statement);
    prepared.set(text, name);
    return db.query<Record<string, unknown>>(execute);
  }
  // planned under the pinned path too, so the generic plan is never re-made for a changed search_path
  const results = await db.exec([SAVE_PATH, PIN_PATH, ...prepare, execute, RESTORE_PATH].join(';\n'));
  prepared.set(text, name);
  return results.at(-2) ?? { rows: [] };
}
