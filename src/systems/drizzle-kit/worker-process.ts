import { fork, type ChildProcess } from 'node:child_process';
import { debug } from '../../debug.js';

export type OracleStatus = { ok: true; version: string } | { ok: false; reason: string };
export type WorkerReply<Res> = Res | { type: 'failed'; message: string };
type Handshake = { type: 'ready'; version: string } | { type: 'unavailable'; message: string };

/** One drizzle-kit worker script in a child process: stdin closed, stdout piped, every step killed after `timeoutMs`
 * (a rename prompt or a huge schema must never hang a hook), one request at a time. The worker's first message says
 * whether the project's drizzle-kit loaded (`ready`) or not (`unavailable`). */
/** How long the worker may take per request before it is killed (a hung prompt, a huge schema). */
export function oracleTimeoutMs(): number {
  const fromEnv = Number(process.env.DRIFTGATE_GENERATOR_TIMEOUT_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : 30_000;
}

export class WorkerProcess<Req, Res extends { type: string }> {
  readonly ready: Promise<OracleStatus>;
  private readonly child: ChildProcess;
  private pending: ((reply: WorkerReply<Res>) => void) | undefined;
  private exited: string | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(script: string, projectRoot: string, label: string, private readonly timeoutMs: number) {
    const t0 = performance.now();
    debug(`${label} starting in ${projectRoot}`);
    this.child = fork(script, [projectRoot], {
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
        this.kill(`drizzle-kit did not load within ${timeoutMs} ms`);
        resolve({ ok: false, reason: this.exited! });
      }, timeoutMs);
      this.child.once('message', (message: Handshake) => {
        clearTimeout(timer);
        debug(`${label} ready after ${(performance.now() - t0).toFixed(0)}ms`);
        resolve(message.type === 'ready' ? { ok: true, version: message.version } : { ok: false, reason: message.type === 'unavailable' ? message.message : 'unexpected worker message' });
      });
      this.child.once('exit', (code) => {
        clearTimeout(timer);
        this.exited ??= `the generator worker exited (${code})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`;
        resolve({ ok: false, reason: this.exited });
        this.pending?.({ type: 'failed', message: this.exited });
      });
    });
    this.child.on('message', (message: Res) => {
      if (message.type !== 'ready' && message.type !== 'unavailable') this.pending?.(message);
    });
    this.child.on('error', (error) => this.kill(error.message));
  }

  /** Sends a request and waits for its reply (queued behind earlier ones; the worker answers in order). */
  request(request: Req): Promise<WorkerReply<Res>> {
    const next = this.queue.then(() => this.send(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Sends a message that has no reply (e.g. "start loading these schema files"), once the worker is ready. */
  post(message: Req): void {
    if (this.exited) return;
    this.ready.then((status) => {
      if (status.ok && !this.exited && this.child.connected) this.child.send(message as object);
    });
  }

  /** Stops the worker and lets the process exit at once: a worker still loading drizzle-kit must not hold the hook
   * open until it notices the signal. */
  close(): void {
    if (this.child.exitCode === null && !this.child.killed) this.child.kill('SIGKILL');
    this.child.unref();
    (this.child.channel as { unref?: () => void } | undefined)?.unref?.();
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
  }

  private async send(request: Req): Promise<WorkerReply<Res>> {
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
      this.child.send(request as object);
    });
  }

  private kill(reason: string): void {
    this.exited ??= reason;
    this.child.kill('SIGKILL');
  }
}
