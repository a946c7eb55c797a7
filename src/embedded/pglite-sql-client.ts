import type { SqlClient } from '../db/sql-client.js';

/** The part of PGlite (or a PGlite transaction) the adapter needs. */
export interface PgliteQueryable {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
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
  const flush = async () => {
    const batch = queue;
    queue = [];
    if (batch.length === 1) {
      const [only] = batch;
      return db.query(only.text, only.params).then((r) => only.resolve(r.rows), only.reject);
    }
    const params: unknown[] = [];
    const columns = batch.map((q, i) => {
      const text = shiftParams(q.text, params.length);
      params.push(...q.params);
      return `(select coalesce(json_agg(q), '[]'::json) from (${text}) q) as r${i}`;
    });
    try {
      const text = `select ${columns.join(',\n')}`;
      const { rows } = opts.prepared && params.every((p) => typeof p === 'string') ? await runPrepared(db, opts.prepared, text, params as string[]) : await db.query<Record<string, unknown>>(text, params);
      batch.forEach((q, i) => {
        const value = rows[0]?.[`r${i}`];
        q.resolve(typeof value === 'string' ? JSON.parse(value) : (value as any[]));
      });
    } catch {
      for (const q of batch) await db.query(q.text, q.params).then((r) => q.resolve(r.rows), q.reject);
    }
  };
  return {
    query<T>(text: string, params: unknown[] = []) {
      return new Promise<T[]>((resolve, reject) => {
        queue.push({ text, params, resolve, reject });
        if (queue.length === 1) queueMicrotask(() => void flush());
      });
    },
  };
}

const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** The replay runs the same batched catalog statement after every migration: prepared once (a generic plan: DDL on
 * user tables does not invalidate plans over the catalogs), it skips re-planning seven catalog joins per step.
 * `prepared` maps statement text to its name and lives as long as the session. */
async function runPrepared(db: PgliteQueryable, prepared: Map<string, string>, text: string, params: string[]) {
  let name = prepared.get(text);
  if (!name) {
    name = `driftgate_introspect_${prepared.size + 1}`;
    await db.query(`PREPARE ${name} (${params.map(() => 'text').join(', ')}) AS ${text}`);
    prepared.set(text, name);
  }
  return db.query<Record<string, unknown>>(`EXECUTE ${name} (${params.map(literal).join(', ')})`);
}
