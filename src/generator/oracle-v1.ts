import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { debug } from '../debug.js';
import { oracleTimeoutMs, type OracleStatus } from './oracle.js';
import type { SchemaResult } from './protocol.js';
import type { V1GenerateJob, V1GenerateResult, V1SchemaJob, V1WorkerRequest, V1WorkerResponse } from './protocol-v1.js';

const WORKER = fileURLToPath(new URL('./worker-v1.js', import.meta.url));

type Reply = V1WorkerResponse | { type: 'failed'; message: string };

/** The project's drizzle-kit 1.0 (`drizzle-kit/api-postgres`) in a child process — the same isolation as the 0.x
 * Oracle: stdin closed, stdout piped, killed after DRIFTGATE_GENERATOR_TIMEOUT_MS (default 30 s) per step. */
export class OracleV1 {
  private child: ChildProcess;
  private ready: Promise<OracleStatus>;
  private pending: ((reply: Reply) => void) | undefined;
  private exited: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(projectRoot: string, private readonly timeoutMs = oracleTimeoutMs()) {
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
      this.child.once('message', (message: V1WorkerResponse) => {
        clearTimeout(timer);
        debug(`drizzle-kit 1.0 generator worker ready after ${(performance.now() - t0).toFixed(0)}ms`);
        resolve(message.type === 'ready' ? { ok: true, version: message.version } : { ok: false, reason: message.type === 'unavailable' ? message.message : 'unexpected worker message' });
      });
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        this.exited ??= `the generator worker exited (${code})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`;
        resolve({ ok: false, reason: this.exited });
        this.pending?.({ type: 'failed', message: this.exited });
      });
    });
    this.child.on('message', (message: V1WorkerResponse) => {
      if (message.type !== 'ready' && message.type !== 'unavailable') this.pending?.(message);
    });
    this.child.on('error', (error) => this.kill(error.message));
  }

  status(): Promise<OracleStatus> {
    return this.ready;
  }

  async generate(jobs: V1GenerateJob[]): Promise<V1GenerateResult[]> {
    const reply = await this.request({ type: 'generate', jobs });
    if (reply.type === 'generated') return reply.results;
    const message = reply.type === 'failed' ? reply.message : 'unexpected worker reply';
    return jobs.map((j) => ({ id: j.id, mode: 'error', message }));
  }

  async schema(job: V1SchemaJob): Promise<SchemaResult> {
    const reply = await this.request({ type: 'schema', job });
    if (reply.type === 'schema') return reply.result;
    return { error: reply.type === 'failed' ? reply.message : 'unexpected worker reply' };
  }

  /** Starts loading schema modules in the worker (after drizzle-kit), overlapping the parent's git reads. */
  preloadSchema(files: string[]): void {
    if (files.length === 0 || this.exited) return;
    this.ready.then((status) => {
      if (status.ok && !this.exited && this.child.connected) this.child.send({ type: 'preload', files } satisfies V1WorkerRequest);
    });
  }

  /** Stops the worker without holding the process open (as the 0.x Oracle does). */
  close(): void {
    if (this.child.exitCode === null && !this.child.killed) this.child.kill('SIGKILL');
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }

  /** One request at a time: the worker answers in order and `pending` holds one reply. */
  private request(request: V1WorkerRequest): Promise<Reply> {
    const run = this.queue.then(() => this.send(request));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async send(request: V1WorkerRequest): Promise<Reply> {
    const status = await this.ready;
    if (!status.ok) return { type: 'failed', message: status.reason };
    return new Promise((resolve) => {
      if (this.exited) return resolve({ type: 'failed', message: this.exited });
      const timer = setTimeout(() => {
        this.kill(`drizzle-kit took longer than ${this.timeoutMs} ms (killed; set DRIFTGATE_GENERATOR_TIMEOUT_MS to allow more)`);
        resolve({ type: 'failed', message: this.exited! });
      }, this.timeoutMs);
      this.pending = (reply) => {
        clearTimeout(timer);
        this.pending = undefined;
        resolve(reply);
      };
      this.child.send(request);
    });
  }

  private kill(reason: string): void {
    this.exited ??= reason;
    this.child.kill('SIGKILL');
  }
}
