/** The drizzle-kit 1.0 generator worker: a child process that loads the PROJECT's `drizzle-kit/api-postgres` and
 * regenerates migrations of a 1.0 folder over IPC. Like worker.ts it runs with stdin closed and is killed after a
 * time limit; drizzle-kit's API never prompts anyway (a missing answer is a MissingHintsError), and the answers
 * a migration was generated with come from its snapshot's deltas as hints (v1-hints.ts). */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ROOT_ID } from '../folder/v1-graph.js';
import type { DdlRow } from '../folder/v1-ddl.js';
import type { V1GenerateJob, V1GenerateResult, V1WorkerRequest, V1WorkerResponse } from './protocol-v1.js';
import { hintsFromDeltas } from './v1-hints.js';

type Json = Record<string, any>;
interface KitApiV1 {
  reconstruct(files: Record<string, unknown>, id?: string): Promise<Json>;
  generateMigration(prev: Json, cur: Json, options?: { hints?: unknown[] }): Promise<string[]>;
}

const send = (message: V1WorkerResponse) => process.send!(message);
const projectRoot = process.argv[2] ?? process.cwd();
const projectRequire = createRequire(join(projectRoot, 'package.json'));

/** The state before the first migration: drizzle-kit 1.0 diffs the first migration against no entities. */
const EMPTY: Json = { version: '9', dialect: 'postgres', id: ROOT_ID, prevIds: [], ddl: [] };
/** A folder name that sorts after every timestamped migration folder. */
const PROBE_FOLDER = '99999999999999_driftgate_parent_state';

function loadKit(): { kit: KitApiV1; version: string } | { error: string } {
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
    return { kit, version };
  } catch (error) {
    return { error: `cannot load drizzle-kit/api-postgres: ${String((error as Error).message).split('\n')[0]}` };
  }
}

/** The state drizzle-kit's `generate` started from: its parents' combined state. One parent or several (a merge),
 * reconstructed by drizzle-kit itself through an empty diff snapshot that names the same parents. */
async function parentState(kit: KitApiV1, job: V1GenerateJob): Promise<Json> {
  const parents = job.prevIds.filter((id) => id && id !== ROOT_ID);
  if (parents.length === 0) return EMPTY;
  const probe = { type: 'diff', version: '9', dialect: 'postgres', id: randomUUID(), prevIds: parents, footprints: [], deltas: [] };
  const files = { ...job.files };
  for (const [folder, snapshot] of Object.entries(files)) if ((snapshot as Json)?.id === job.curId) delete files[folder];
  return kit.reconstruct({ ...files, [PROBE_FOLDER]: probe }, probe.id);
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

const loaded = loadKit();
if ('error' in loaded) send({ type: 'unavailable', message: loaded.error });
else send({ type: 'ready', version: loaded.version });

process.on('message', async (request: V1WorkerRequest) => {
  if ('error' in loaded || request.type !== 'generate') return;
  const results: V1GenerateResult[] = [];
  for (const job of request.jobs) results.push(await generate(loaded.kit, job));
  send({ type: 'generated', results });
});
