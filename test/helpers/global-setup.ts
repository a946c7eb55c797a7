import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Tests spawn the BUILT cli (bin/driftgate.js → dist/), so build once before any test runs. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    // tsc still emits on type errors; `npm run typecheck` (run by .ci/run) is what fails on them.
    process.stderr.write(`[global-setup] tsc reported type errors:\n${(error as { stdout?: Buffer }).stdout ?? ''}\n`);
  }
}
