import { fileURLToPath } from 'node:url';
import { installedKit, type InstalledKit } from './kit-flavor.js';
import type { OracleV1 } from '../drizzle-folders/oracle.js';
import type { GenerateJob, GenerateResult, SchemaJob, SchemaResult, WorkerRequest, WorkerResponse } from './protocol.js';
import { oracleTimeoutMs, WorkerProcess, type OracleStatus } from './worker-process.js';

export type { OracleStatus };

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** The project's own drizzle-kit, running isolated in a child process. Start it early: loading drizzle-kit takes
 * ~0.3 s, which overlaps with reading the folder from git. On a project with drizzle-kit 1.0 the 0.x worker is not
 * started at all (1.0 has no `drizzle-kit/api`): the 1.0 worker (`v1()`) is, and the 0.x requests say why they
 * cannot run. */
export class Oracle {
  private readonly worker: WorkerProcess<WorkerRequest, WorkerResponse> | undefined;
  private readonly unavailable: string | undefined;
  private v1Oracle: Promise<OracleV1> | undefined;
  /** The drizzle-kit installed in the project (resolved, not loaded). */
  readonly kit: InstalledKit;

  constructor(private readonly projectRoot: string, private readonly timeoutMs = oracleTimeoutMs()) {
    this.kit = installedKit(projectRoot);
    if (this.kit.flavor === '1.0') {
      this.unavailable = `drizzle-kit ${this.kit.version ?? '1.0'} is installed, and it does not generate the 0.x journal layout (meta/_journal.json): upgrade the folder with drizzle-kit up, or install drizzle-kit 0.x`;
      void this.v1(); // start loading drizzle-kit 1.0 now: it is what this project's checks will ask
      return;
    }
    this.worker = new WorkerProcess(WORKER, projectRoot, 'generator worker', timeoutMs);
  }

  status(): Promise<OracleStatus> {
    return this.worker?.ready ?? Promise.resolve({ ok: false, reason: this.unavailable! });
  }

  /** The project's drizzle-kit 1.0 worker (`drizzle-kit/api-postgres`), started on first use; closed with this. */
  v1(): Promise<OracleV1> {
    this.v1Oracle ??= import('../drizzle-folders/oracle.js').then(({ OracleV1 }) => new OracleV1(this.projectRoot, this.timeoutMs));
    return this.v1Oracle;
  }

  async generate(jobs: GenerateJob[]): Promise<GenerateResult[]> {
    const reply = await this.request({ type: 'generate', jobs });
    if (reply.type === 'generated') return reply.results;
    const message = reply.type === 'failed' ? reply.message : 'unexpected worker reply';
    return jobs.map((j) => ({ id: j.id, mode: 'error', message }));
  }

  async schema(job: SchemaJob): Promise<SchemaResult> {
    const reply = await this.request({ type: 'schema', job });
    if (reply.type === 'schema') return reply.result;
    return { error: reply.type === 'failed' ? reply.message : 'unexpected worker reply' };
  }

  /** Starts loading schema modules in the worker (after drizzle-kit), overlapping the parent's git reads. */
  preloadSchema(files: string[]): void {
    if (this.kit.flavor === '1.0') return void this.v1().then((o) => o.preloadSchema(files));
    if (files.length > 0) this.worker?.post({ type: 'preload', files });
  }

  close(): void {
    this.v1Oracle?.then((o) => o.close());
    this.worker?.close();
  }

  private request(request: WorkerRequest) {
    return this.worker ? this.worker.request(request) : Promise.resolve({ type: 'failed' as const, message: this.unavailable! });
  }
}
