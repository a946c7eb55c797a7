/** The worker thread that hosts PGlite. PGlite runs Postgres synchronously inside WebAssembly: on the main thread a
 * long statement (`LOOP END LOOP`) would block every timer and signal handler. Here it blocks only this thread; the
 * main thread times each request and terminates the worker when one runs too long or a signal arrives. */
import { parentPort, workerData } from 'node:worker_threads';
import type { Extension, PGlite } from '@electric-sql/pglite';
import type { HostError, HostInit, HostReply, HostRequest, HostResult } from './protocol.js';

const port = parentPort!;
const send = (reply: HostReply) => port.postMessage(reply);

function toHostError(error: unknown): HostError {
  const out: HostError = { message: String((error as Error)?.message ?? error) };
  if (error && typeof error === 'object') {
    for (const [k, v] of Object.entries(error)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  return out;
}

/** PGlite's bundle for an extension: the top-level bundles (`@electric-sql/pglite/vector`, `/pg_ivm`, …) and the
 * contrib ones (`@electric-sql/pglite/contrib/pg_trgm`, `/contrib/uuid_ossp`, …); undefined when this PGlite has
 * none. The export is named like the module, `-` written `_`. */
async function bundleOf(name: string): Promise<Extension | undefined> {
  if (!/^[a-z0-9_-]+$/i.test(name)) return undefined;
  const id = name.toLowerCase().replace(/-/g, '_');
  for (const specifier of [`@electric-sql/pglite/${id}`, `@electric-sql/pglite/contrib/${id}`]) {
    try {
      const mod = (await import(specifier)) as Record<string, unknown>;
      const ext = mod[id] as Extension | undefined;
      if (ext && typeof ext.setup === 'function') return ext;
    } catch {
      // not in this PGlite: try the next place
    }
  }
  return undefined;
}

/** An empty extension of that name, so `CREATE EXTENSION` of something PGlite cannot provide succeeds and the replay
 * goes on: statements that need the extension's types or functions then fail on their own. */
async function installStub(pg: PGlite, name: string): Promise<void> {
  const { rows } = await pg.query<{ setting: string }>(`select setting from pg_config where name = 'SHAREDIR'`);
  const dir = `${rows[0].setting}/extension`;
  const comment = 'stub created by driftgate: not available in the embedded Postgres';
  pg.Module.FS.writeFile(`${dir}/${name}.control`, `comment = '${comment}'\ndefault_version = '0'\nrelocatable = true\n`);
  pg.Module.FS.writeFile(`${dir}/${name}--0.sql`, `-- ${comment}\n`);
}

async function main(): Promise<void> {
  const init = workerData as HostInit;
  const { PGlite } = await import('@electric-sql/pglite');
  const extensions: Record<string, Extension> = {};
  const unavailable: string[] = [];
  for (const name of init.extensions) {
    const ext = await bundleOf(name);
    if (ext) extensions[name.toLowerCase().replace(/-/g, '_')] = ext;
    else unavailable.push(name);
  }
  const pg = await PGlite.create(init.dir, { relaxedDurability: init.relaxedDurability, extensions, ...(init.initDbStartParams ? { initDbStartParams: init.initDbStartParams } : {}) });
  for (const name of unavailable) await installStub(pg, name);
  const version = (await pg.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?';
  // One request at a time, in order: the main thread never sends the next before this one's reply.
  port.on('message', async (req: HostRequest) => {
    try {
      let result: HostResult | HostResult[] | null = null;
      if (req.op === 'query') {
        const r = await pg.query<Record<string, unknown>>(req.text, req.params);
        result = { rows: r.rows, affectedRows: r.affectedRows };
      } else if (req.op === 'exec') {
        result = (await pg.exec(req.text)).map((r) => ({ rows: r.rows as Record<string, unknown>[], affectedRows: r.affectedRows }));
      } else if (!pg.closed) await pg.close();
      send({ type: 'reply', id: req.id, ok: true, result });
    } catch (error) {
      send({ type: 'reply', id: req.id, ok: false, error: toHostError(error) });
    }
  });
  send({ type: 'ready', unavailable, serverVersion: version });
}

main().catch((error) => send({ type: 'fatal', error: toHostError(error) }));
