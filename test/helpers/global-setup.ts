import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Tests spawn the BUILT cli (bin/driftgate.js → dist/bundle/), so build once before any test runs — the same two
 * steps as `npm run build`: tsc, then the CLI bundle. A failed build stops the
 * run: tests of a stale dist/ would pass or fail for code that is not the code under test. */
export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    execFileSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: root, stdio: 'pipe' });
  } catch (error) {
    const output = `${(error as { stdout?: Buffer }).stdout ?? ''}${(error as { stderr?: Buffer }).stderr ?? ''}`.trim();
    throw new Error(`the build failed (tsc, then scripts/bundle-cli.mjs), so dist/ would be stale:\n${output || (error as Error).message}`);
  }
}
