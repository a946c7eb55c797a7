import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { debug } from '../debug.js';
import { installedKit, type InstalledKit } from './kit-flavor.js';
import type { OracleV1 } from './oracle-v1.js';
import type { GenerateJob, GenerateResult, SchemaJob, SchemaResult, WorkerRequest, WorkerResponse } from './protocol.js';

const WORKER = fileURLToPath(new URL('./worker.js', import.meta.url));

/** How long the worker may take per request before it is killed (a hung prompt, a huge schema). */
export function oracleTimeoutMs(): number {
  const fromEnv = Number(process.env.DRIFTGATE_GENERATOR_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}

export type OracleStatus = { ok: true; version: string } | { ok: false; reason: string };

/** The project's own drizzle-kit, running isolated in a child process. Start it early: loading drizzle-kit takes
 * ~0.3 s, which overlaps with reading the folder from git. On a project with drizzle-kit 1.0 the 0.x worker is not
 * started at all (1.0 has no `drizzle-kit/api`): the 1.0 worker (`v1()`) is, and the 0.x requests say why they
 * cannot run. */
export class Oracle {
  private child!: ChildProcess;
  private ready: Promise<OracleStatus>;
  private pending: ((message: WorkerResponse | { type: 'failed'; message: string }) => void) | undefined;
  private exited: string | undefined;
  private v1Oracle: Promise<OracleV1> | undefined;
  /** The drizzle-kit installed in the project (resolved, not loaded). */
  readonly kit: InstalledKit;

  constructor(private readonly projectRoot: string, private readonly timeoutMs = oracleTimeoutMs()) {
    this.kit = installedKit(projectRoot);
    if (this.kit.flavor === '1.0') {
      this.exited = `drizzle-kit ${this.kit.version ?? '1.0'} is installed, and it does not generate the 0.x journal layout (meta/_journal.json): upgrade the folder with drizzle-kit up, or install drizzle-kit 0.x`;
      this.ready = Promise.resolve({ ok: false, reason: this.exited });
      void this.v1(); // start loading drizzle-kit 1.0 now: it is what this project's checks will ask
      return;
    }
    const t0 = performance.now();
    this.child = fork(WORKER, [projectRoot], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      execArgv: [],
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    });
    let stderr = '';
    this.child.stderr?.on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    this.child.stdout?.resume();
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill(`drizzle-kit did not load within ${this.timeoutMs} ms`);
        resolve({ ok: false, reason: this.exited! });
      }, this.timeoutMs);
      this.child.once('message', (message: WorkerResponse) => {
        clearTimeout(timer);
        debug(`generator worker ready after ${(performance.now() - t0).toFixed(0)}ms`);
        resolve(message.type === 'ready' ? { ok: true, version: message.version } : { ok: false, reason: message.type === 'unavailable' ? message.message : 'unexpected worker message' });
      });
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        this.exited ??= `the generator worker exited (${code})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`;
        resolve({ ok: false, reason: this.exited });
        this.pending?.({ type: 'failed', message: this.exited });
      });
    });
    this.child.on('message', (message: WorkerResponse) => {
      if (message.type !== 'ready' && message.type !== 'unavailable') this.pending?.(message);
    });
    this.child.on('error', (error) => this.kill(error.message));
  }

  status(): Promise<OracleStatus> {
    return this.ready;
  }

  /** The project's drizzle-kit 1.0 worker (`drizzle-kit/api-postgres`), started on first use; closed with this. */
  v1(): Promise<OracleV1> {
    this.v1Oracle ??= import('./oracle-v1.js').then(({ OracleV1 }) => new OracleV1(this.projectRoot, this.timeoutMs));
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
    if (files.length === 0 || this.exited) return;
    this.ready.then((status) => {
      if (status.ok && !this.exited && this.child.connected) this.child.send({ type: 'preload', files } satisfies WorkerRequest);
    });
  }

  /** Stops the worker(s) and lets the process exit at once: a worker still loading drizzle-kit must not hold the
   * hook open until it notices the signal. */
  close(): void {
    this.v1Oracle?.then((o) => o.close());
    if (!this.child) return;
    if (this.child.exitCode === null && !this.child.killed) this.child.kill('SIGKILL');
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }

  private queue: Promise<unknown> = Promise.resolve();

  /** One request at a time: the worker answers in order and `pending` holds one reply. */
  private request(request: WorkerRequest): Promise<WorkerResponse | { type: 'failed'; message: string }> {
    const next = this.queue.then(() => this.send(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async send(request: WorkerRequest): Promise<WorkerResponse | { type: 'failed'; message: string }> {
    const status = await this.ready;
    if (!status.ok) return { type: 'failed', message: status.reason };
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill(`drizzle-kit took longer than ${this.timeoutMs} ms (killed; set DRIFTGATE_GENERATOR_TIMEOUT_MS to allow more)`);
        resolve({ type: 'failed', message: this.exited! });
      }, this.timeoutMs);
      if (this.exited) return resolve({ type: 'failed', message: this.exited });
      this.pending = (message) => {
        clearTimeout(timer);
        this.pending = undefined;
        resolve(message);
      };
      this.child.send(request);
    });
  }

  private kill(reason: string): void {
    this.exited ??= reason;
    this.child?.kill('SIGKILL');
  }
}
