/** The worker thread that hosts PGlite. PGlite runs Postgres synchronously inside WebAssembly: on the main thread a
 * long statement (`LOOP END LOOP`) would block every timer and signal handler. Here it blocks only this thread; the
 * main thread times each request and terminates the worker when one runs too long or a signal arrives. */
import { parentPort } from 'node:worker_threads';
import type { HostError, HostInit, HostReply, HostRequest, HostResult, RawResult } from './protocol.js';
import { extensionBundles, installStub } from './pglite-extensions.js';
import { loadDataDir, writeDataDir } from './data-dir-tar.js';
import { loadPgliteEngine } from './pglite-engine.js';

const port = parentPort!;
const send = (reply: HostReply) => port.postMessage(reply);

// PGlite loads as soon as the thread exists (the host may spawn it before it knows which database to start, see
// prestartHost); the first message says which.
const engine = loadPgliteEngine();
engine.catch(() => undefined); // reported once the first message arrives

function toHostError(error: unknown): HostError {
  const out: HostError = { message: String((error as Error)?.message ?? error) };
  if (error && typeof error === 'object') {
    for (const [k, v] of Object.entries(error)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  }
  return out;
}

async function main(init: HostInit): Promise<void> {
  const { pglite, options } = await engine;
  const { PGlite, types } = pglite;
  const { extensions, unavailable } = await extensionBundles(init.extensions);
  // In memory: a replay writes thousands of catalog pages that nobody needs on disk (half the time of a replay went
  // to file-system calls); what is worth keeping is dumped (writeDataDir).
  const pg = await PGlite.create({
    ...options,
    ...(init.load ? await loadDataDir(init.load) : {}),
    relaxedDurability: init.relaxedDurability,
    extensions,
    ...(init.initDbStartParams ? { initDbStartParams: init.initDbStartParams } : {}),
  });
  for (const name of unavailable) await installStub(pg, name);
  // `raw` queries keep every value as Postgres' text: no parser for any type id
  const asText = Object.fromEntries(Object.keys(types.parsers).map((oid) => [oid, (v: string) => v]));
  const version = (await pg.query<{ v: string }>("select current_setting('server_version') as v")).rows[0]?.v ?? '?';
  // One request at a time, in order: the main thread never sends the next before this one's reply.
  port.on('message', async (req: HostRequest) => {
    try {
      let result: HostResult | HostResult[] | RawResult | null = null;
      if (req.op === 'raw') {
        const r = await pg.query<(string | null)[]>(req.text, req.params, { rowMode: 'array', parsers: asText });
        result = { fields: r.fields.map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })), rows: r.rows, affectedRows: r.affectedRows };
      } else if (req.op === 'query') {
        const r = await pg.query<Record<string, unknown>>(req.text, req.params);
        result = { rows: r.rows, affectedRows: r.affectedRows };
      } else if (req.op === 'exec') {
        result = (await pg.exec(req.text)).map((r) => ({ rows: r.rows as Record<string, unknown>[], affectedRows: r.affectedRows }));
      } else await writeDataDir(pg, req.path);
      send({ type: 'reply', id: req.id, ok: true, result });
    } catch (error) {
      send({ type: 'reply', id: req.id, ok: false, error: toHostError(error) });
    }
  });
  send({ type: 'ready', unavailable, serverVersion: version });
}

port.once('message', (init: HostInit) => main(init).catch((error) => send({ type: 'fatal', error: toHostError(error) })));
