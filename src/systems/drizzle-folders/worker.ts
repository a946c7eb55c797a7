/** The drizzle-kit 1.0 generator worker: a child process that loads the PROJECT's `drizzle-kit/api-postgres` and
 * regenerates migrations of a 1.0 folder over IPC. Like worker.ts it runs with stdin closed and is killed after a
 * time limit; drizzle-kit's API never prompts anyway (a missing answer is a MissingHintsError), and the answers
 * a migration was generated with come from its snapshot's deltas as hints (v1-hints.ts). */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT_ID } from './snapshot-graph.js';
import type { DdlRow } from './ddl.js';
import { enableCompileCache } from '../drizzle-kit/compile-cache.js';
import { createSchemaLoader, importSchemaModules } from '../drizzle-kit/load-schema.js';
import type { SchemaResult } from '../drizzle-kit/protocol.js';
import type { V1GenerateJob, V1GenerateResult, V1SchemaJob, V1WorkerRequest, V1WorkerResponse } from './protocol.js';
import { hintsFromDeltas, type V1Hint } from './rename-hints.js';

type Json = Record<string, any>;
interface KitApiV1 {
  reconstruct(files: Record<string, unknown>, id?: string): Promise<Json>;
  generateMigration(prev: Json, cur: Json, options?: { hints?: unknown[] }): Promise<string[]>;
  generateDrizzleJson(imports: Record<string, unknown>, prevId?: string, schemaFilters?: string[]): Promise<Json>;
}

const send = (message: V1WorkerResponse) => process.send!(message);
const projectRoot = process.argv[2] ?? process.cwd();
const projectRequire = createRequire(join(projectRoot, 'package.json'));

/** The state before the first migration: drizzle-kit 1.0 diffs the first migration against no entities. */
const EMPTY: Json = { version: '9', dialect: 'postgres', id: ROOT_ID, prevIds: [], ddl: [] };
/** A folder name that sorts after every timestamped migration folder. */
const PROBE_FOLDER = '99999999999999_driftgate_parent_state';

function loadKit(): { kit: KitApiV1; version: string; path: string } | { error: string } {
  let path: string;
  try {
    path = projectRequire.resolve('drizzle-kit/api-postgres');
  } catch {
    return { error: `drizzle-kit 1.0 (drizzle-kit/api-postgres) is not installed in ${projectRoot}` };
  }
  try {
    const kit = projectRequire(path) as KitApiV1;
    let version = '?';
    try {
      version = JSON.parse(readFileSync(join(dirname(path), 'package.json'), 'utf8')).version ?? '?';
    } catch {
      // version is only for messages
    }
    if (typeof kit.reconstruct !== 'function' || typeof kit.generateMigration !== 'function') {
      return { error: `drizzle-kit ${version} has no reconstruct/generateMigration in drizzle-kit/api-postgres` };
    }
    return { kit, version, path };
  } catch (error) {
    return { error: `cannot load drizzle-kit/api-postgres: ${String((error as Error).message).split('\n')[0]}` };
  }
}

/** The combined state of `parents` (one, or several for a merge), reconstructed by drizzle-kit itself through an
 * empty diff snapshot that names them — what `drizzle-kit generate` diffs against. */
async function stateOfParents(kit: KitApiV1, files: Record<string, unknown>, prevIds: string[]): Promise<Json> {
  const parents = prevIds.filter((id) => id && id !== ROOT_ID);
  if (parents.length === 0) return EMPTY;
  const probe = { type: 'diff', version: '9', dialect: 'postgres', id: randomUUID(), prevIds: parents, footprints: [], deltas: [] };
  return kit.reconstruct({ ...files, [PROBE_FOLDER]: probe }, probe.id);
}

/** The state drizzle-kit's `generate` started from for a migration: its parents' combined state. */
async function parentState(kit: KitApiV1, job: V1GenerateJob): Promise<Json> {
  const files = { ...job.files };
  for (const [folder, snapshot] of Object.entries(files)) if ((snapshot as Json)?.id === job.curId) delete files[folder];
  return stateOfParents(kit, files, job.prevIds);
}

async function generate(kit: KitApiV1, job: V1GenerateJob): Promise<V1GenerateResult> {
  try {
    const cur = Object.values(job.files).find((s) => (s as Json)?.id === job.curId) as Json | undefined;
    if (!cur) return { id: job.id, mode: 'error', message: 'its snapshot was not passed' };
    const prev = await parentState(kit, job);
    // A base snapshot holds the whole schema; a diff one is rebuilt from the folder.
    const state = Array.isArray(cur.ddl) ? cur : await kit.reconstruct(job.files, job.curId);
    const hints = Array.isArray(cur.deltas) ? hintsFromDeltas(prev.ddl as DdlRow[], cur.deltas) : [];
    const statements = await kit.generateMigration(prev, state, { hints });
    return { id: job.id, mode: 'exact', statements, hints: hints.filter((h) => h.type === 'rename').length };
  } catch (error) {
    return { id: job.id, mode: 'error', message: String((error as Error).message ?? error).split('\n')[0] };
  }
}

let loadSchema: ((file: string) => Promise<Json>) | undefined;

/** drizzle-kit 1.0's generateDrizzleJson calls process.exit(1) on a schema error (after printing it): in the
 * worker that becomes an error for this job, not a dead worker. */
async function withoutExit<T>(fn: () => Promise<T>): Promise<T> {
  const exit = process.exit;
  process.exit = ((code?: number) => {
    throw new Error(`drizzle-kit rejected the schema (exit ${code ?? 0}): run drizzle-kit generate to see why`);
  }) as typeof process.exit;
  try {
    return await fn();
  } finally {
    process.exit = exit;
  }
}

type MissingHint = { type: string; kind: string; entity: string[] };
const missingHints = (error: unknown): MissingHint[] | undefined => {
  const e = error as { code?: string; missingHints?: MissingHint[] };
  return e?.code === 'missing_hints' && Array.isArray(e.missingHints) ? e.missingHints : undefined;
};

/** What `drizzle-kit generate` would write now: the schema modules' state diffed against the folder's leaves. A
 * diff drizzle-kit would ask about ("rename or create?") is answered "create" to name the statements, and said. */
async function schema(kit: KitApiV1, kitPath: string, job: V1SchemaJob): Promise<SchemaResult> {
  loadSchema ??= createSchemaLoader(projectRoot, kitPath);
  const modules = await importSchemaModules(loadSchema, job.files);
  if ('error' in modules) return modules;
  const { imports } = modules;
  const current = await withoutExit(() => kit.generateDrizzleJson(imports));
  const latest = job.leafIds.length ? await stateOfParents(kit, job.snapshots, job.leafIds) : EMPTY;
  const hints: V1Hint[] = [];
  const asked: string[] = [];
  for (let round = 0; round < 5; round++) {
    try {
      const statements = await kit.generateMigration(latest, current, { hints });
      if (statements.length === 0) return { inSync: true };
      return { inSync: false, statements, ...(asked.length ? { ambiguous: { added: asked, removed: [] } } : {}) };
    } catch (error) {
      const missing = missingHints(error);
      if (!missing?.length) throw error;
      for (const m of missing) {
        if (m.type === 'rename_or_create') {
          hints.push({ type: 'create', kind: m.kind, entity: m.entity });
          asked.push(m.entity.join('.'));
        } else hints.push({ type: m.type, kind: m.kind, entity: m.entity } as unknown as V1Hint);
      }
    }
  }
  return { error: 'drizzle-kit kept asking questions about the diff' };
}

const saveCompileCache = process.env.DRIFTGATE_NO_COMPILE_CACHE ? () => {} : enableCompileCache(join(projectRoot, 'node_modules/.cache/driftgate/v8'));
const loaded = loadKit();
if ('error' in loaded) send({ type: 'unavailable', message: loaded.error });
else send({ type: 'ready', version: loaded.version });
setImmediate(saveCompileCache);

process.on('message', async (request: V1WorkerRequest) => {
  if ('error' in loaded) return;
  if (request.type === 'preload') {
    loadSchema ??= createSchemaLoader(projectRoot, loaded.path);
    for (const file of request.files) await loadSchema(file).catch(() => undefined); // the schema job reports errors
    return;
  }
  if (request.type === 'schema') {
    try {
      send({ type: 'schema', result: await schema(loaded.kit, loaded.path, request.job) });
    } catch (error) {
      send({ type: 'schema', result: { error: String((error as Error).message ?? error).split('\n')[0] } });
    }
    return;
  }
  const results: V1GenerateResult[] = [];
  for (const job of request.jobs) results.push(await generate(loaded.kit, job));
  send({ type: 'generated', results });
});
