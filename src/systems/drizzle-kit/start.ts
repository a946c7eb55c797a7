import type { GeneratorSession } from '../generator-session.js';
import type { Oracle } from './oracle.js';

/** Both drizzle systems' `startGenerator`: the project's drizzle-kit in a worker process (0.x, or 1.0 through
 * `Oracle.v1()`), loaded lazily so that a run without generator checks never pays for it. */
export async function startDrizzleKit(root: string): Promise<GeneratorSession> {
  const { Oracle } = await import('./oracle.js');
  return new Oracle(root);
}

/** The drizzle-kit a drizzle system's check gets back as `ctx.generator` (started by `startDrizzleKit`). The hooks
 * and verify always hand one to a system that has `startGenerator`; its absence is a wiring error, not a skip. */
export function drizzleKitOf(generator: GeneratorSession | undefined): Oracle {
  if (!generator) throw new Error('no drizzle-kit worker was started for this check');
  return generator as Oracle;
}
