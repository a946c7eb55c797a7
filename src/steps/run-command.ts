import { spawn } from 'node:child_process';

export interface CommandResult {
  code: number | null;
  /** stdout and stderr interleaved, the last 64 KB. */
  output: string;
  ms: number;
}

/** Runs a command (argv, or a shell line) in the project, stdin closed, output captured; `signal` kills it. */
export function runCommand(command: string | string[], cwd: string, env: NodeJS.ProcessEnv = {}, signal?: AbortSignal): Promise<CommandResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const [file, args, shell] = typeof command === 'string' ? [command, [], true] : [command[0], command.slice(1), false];
    // Its own process group (POSIX), so that stopping it also stops what a shell line started (npm run → eslint).
    const group = process.platform !== 'win32';
    const child = spawn(file, args, { cwd, shell, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0', ...env }, detached: group, signal: group ? undefined : signal, killSignal: 'SIGKILL' });
    const stop = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL'); // already gone, or no group
      }
    };
    if (group && signal) {
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
      child.on('close', () => signal.removeEventListener('abort', stop));
    }
    let output = '';
    const collect = (d: Buffer) => (output = (output + d.toString('utf8')).slice(-65_536));
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => resolve({ code: 127, output: `${output}${error.message}\n`, ms: performance.now() - t0 }));
    child.on('close', (code) => resolve({ code, output, ms: performance.now() - t0 }));
  });
}
