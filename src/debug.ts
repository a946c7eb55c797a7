/** `--debug` / DEBUG=driftgate: timings and detail on stderr, as lint-staged does. */
let enabled = process.env.DEBUG?.split(',').some((d) => d.trim() === 'driftgate' || d.trim() === 'driftgate:*') ?? false;
const started = performance.now();

export function enableDebug(): void {
  enabled = true;
}

export function isDebug(): boolean {
  return enabled;
}

export function debug(message: string): void {
  if (enabled) process.stderr.write(`driftgate:debug +${(performance.now() - started).toFixed(1)}ms ${message}\n`);
}

/** Runs `fn`, logging how long it took under --debug. */
export async function timed<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  try {
    return await fn();
  } finally {
    debug(`${label} took ${(performance.now() - t0).toFixed(1)}ms`);
  }
}
