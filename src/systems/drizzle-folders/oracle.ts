import { fileURLToPath } from 'node:url';
import type { SchemaResult } from '../drizzle-kit/protocol.js';
import type { V1GenerateJob, V1GenerateResult, V1SchemaJob, V1WorkerRequest, V1WorkerResponse } from './protocol.js';
import { oracleTimeoutMs, WorkerProcess, type OracleStatus } from '../drizzle-kit/worker-process.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** The project's drizzle-kit 1.0 (`drizzle-kit/api-postgres`) in a child process — the same isolation as the 0.x
 * Oracle: stdin closed, stdout piped, killed after DRIFTGATE_GENERATOR_TIMEOUT_MS (default 30 s) per step. */
export class OracleV1 {
  private readonly worker: WorkerProcess<V1WorkerRequest, V1WorkerResponse>;

  constructor(projectRoot: string, timeoutMs = oracleTimeoutMs()) {
    this.worker = new WorkerProcess(WORKER, projectRoot, 'drizzle-kit 1.0 generator worker', timeoutMs);
  }

  status(): Promise<OracleStatus> {
    return this.worker.ready;
  }

  async generate(jobs: V1GenerateJob[]): Promise<V1GenerateResult[]> {
    const reply = await this.worker.request({ type: 'generate', jobs });
    if (reply.type === 'generated') return reply.results;
    const message = reply.type === 'failed' ? reply.message : 'unexpected worker reply';
    return jobs.map((j) => ({ id: j.id, mode: 'error', message }));
  }

  async schema(job: V1SchemaJob): Promise<SchemaResult> {
    const reply = await this.worker.request({ type: 'schema', job });
    if (reply.type === 'schema') return reply.result;
    return { error: reply.type === 'failed' ? reply.message : 'unexpected worker reply' };
  }

  /** Starts loading schema modules in the worker (after drizzle-kit), overlapping the parent's git reads. */
  preloadSchema(files: string[]): void {
    if (files.length > 0) this.worker.post({ type: 'preload', files });
  }

  close(): void {
    this.worker.close();
  }
}
