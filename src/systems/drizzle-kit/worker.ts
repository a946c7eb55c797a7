/** The generator worker: a child process that loads the PROJECT's drizzle-kit (`drizzle-kit/api`) and answers
 * requests over IPC. It runs with stdin closed and stdout piped, so drizzle-kit's rename prompt throws instead of
 * waiting for a keypress; the parent also kills it after a time limit. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { findAmbiguity, withoutAdditions } from './ambiguity.js';
import { createSchemaLoader, importSchemaModules } from './load-schema.js';
import { enableCompileCache } from './compile-cache.js';
import type { GenerateJob, GenerateResult, SchemaJob, SchemaResult, WorkerRequest, WorkerResponse } from './protocol.js';

type Json = Record<string, any>;
interface KitApi {
  generateMigration(prev: Json, cur: Json): Promise<string[]>;
  generateDrizzleJson(imports: Record<string, unknown>, prevId?: string, schemaFilters?: string[], casing?: string): Json;
}

const send = (message: WorkerResponse) => process.send!(message);
const projectRoot = process.argv[2] ?? process.cwd();
const projectRequire = createRequire(join(projectRoot, 'package.json'));

/** drizzle-kit's starting point for the first migration (its `dryPg`). */
const EMPTY: Json = {
  version: '7', dialect: 'postgresql', id: '00000000-0000-0000-0000-000000000000', prevId: '',
  tables: {}, enums: {}, schemas: {}, policies: {}, roles: {}, sequences: {}, views: {},
  _meta: { schemas: {}, tables: {}, columns: {} },
};

function loadKit(): { kit: KitApi; version: string; path: string } | { error: string } {
  let path: string;
  try {
    path = projectRequire.resolve('drizzle-kit/api');
  } catch {
    return { error: `drizzle-kit is not installed in ${projectRoot}` };
  }
  try {
    const kit = projectRequire(path) as KitApi;
    let version = '?';
    try {
      // The exports map hides package.json: read it next to the resolved entry.
      version = JSON.parse(readFileSync(join(dirname(path), 'package.json'), 'utf8')).version ?? '?';
    } catch {
      // version is only for messages
    }
    if (typeof kit.generateMigration !== 'function') return { error: `drizzle-kit ${version} has no generateMigration in drizzle-kit/api` };
    return { kit, version, path };
  } catch (error) {
    return { error: `cannot load drizzle-kit/api: ${String((error as Error).message).split('\n')[0]}` };
  }
}

async function generate(kit: KitApi, job: GenerateJob): Promise<GenerateResult> {
  const prev = job.prev ?? EMPTY;
  const ambiguity = findAmbiguity(prev, job.cur);
  try {
    if (!ambiguity) return { id: job.id, mode: 'exact', statements: await kit.generateMigration(prev, job.cur) };
    // Two unambiguous halves: drop what is gone, then create what is new (the "no rename" reading).
    const mid = withoutAdditions(prev, job.cur);
    const first = await kit.generateMigration(prev, mid);
    const second = await kit.generateMigration(mid, job.cur);
    return { id: job.id, mode: 'ambiguous', statements: [...first, ...second], ...ambiguity };
  } catch (error) {
    return { id: job.id, mode: 'error', message: String((error as Error).message).split('\n')[0] };
  }
}

const strip = (snapshot: Json) => {
  const { id: _id, prevId: _prevId, _meta, ...rest } = snapshot;
  return rest;
};

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Json)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

let loadSchema: ((file: string) => Promise<Json>) | undefined;

async function schema(kit: KitApi, kitPath: string, job: SchemaJob): Promise<SchemaResult> {
  loadSchema ??= createSchemaLoader(projectRoot, kitPath);
  const modules = await importSchemaModules(loadSchema, job.files);
  if ('error' in modules) return modules;
  const { imports } = modules;
  let casing = job.casing;
  if (!casing && job.configFile && !job.configFile.endsWith('.json')) {
    try {
      const mod = await loadSchema(job.configFile);
      const config = (mod?.default ?? mod) as Json;
      if (typeof config?.casing === 'string') casing = config.casing;
    } catch {
      // the parent already loaded this config; a failure here only loses `casing`
    }
  }
  const current = kit.generateDrizzleJson(imports, undefined, undefined, casing);
  const latest = job.latest ?? EMPTY;
  if (canonical(strip(current)) === canonical(strip(latest))) return { inSync: true };
  const result = await generate(kit, { id: 'schema', prev: latest, cur: current });
  if (result.mode === 'error') return { error: `drizzle-kit could not diff the schema: ${result.message}` };
  if (result.statements.length === 0) return { inSync: true };
  return {
    inSync: false,
    statements: result.statements,
    ...(result.mode === 'ambiguous' ? { ambiguous: { added: result.added, removed: result.removed } } : {}),
  };
}

const saveCompileCache = process.env.DRIFTGATE_NO_COMPILE_CACHE ? () => {} : enableCompileCache(join(projectRoot, 'node_modules/.cache/driftgate/v8'));
const loaded = loadKit();
if ('error' in loaded) send({ type: 'unavailable', message: loaded.error });
else send({ type: 'ready', version: loaded.version });
// Written after answering "ready" (and never on the hook's critical path when the cache is warm).
setImmediate(saveCompileCache);

process.on('message', async (request: WorkerRequest) => {
  if ('error' in loaded) return;
  if (request.type === 'preload') {
    loadSchema ??= createSchemaLoader(projectRoot, loaded.path);
    for (const file of request.files) await loadSchema(file).catch(() => undefined); // the schema job reports errors
    return;
  }
  if (request.type === 'generate') {
    const results: GenerateResult[] = [];
    for (const job of request.jobs) results.push(await generate(loaded.kit, job));
    send({ type: 'generated', results });
  } else {
    try {
      send({ type: 'schema', result: await schema(loaded.kit, loaded.path, request.job) });
    } catch (error) {
      send({ type: 'schema', result: { error: String((error as Error).message).split('\n')[0] } });
    }
  }
});
