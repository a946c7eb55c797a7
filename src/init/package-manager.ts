import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

/** The package manager a project uses, from its lockfile (npm when there is none). */
export function detectPackageManager(dir: string): PackageManager {
  if (existsSync(join(dir, 'pnpm-lock.yaml'))) return 'pnpm';
  if (existsSync(join(dir, 'yarn.lock'))) return 'yarn';
  if (existsSync(join(dir, 'bun.lockb')) || existsSync(join(dir, 'bun.lock'))) return 'bun';
  return 'npm';
}

/** What a hook line puts before a locally installed binary. husky 9 runs hooks with node_modules/.bin on PATH, so
 * npm, pnpm and bun projects call the binary directly: `npx` alone costs ~0.3–0.8 s per commit, more than
 * driftgate's own check. Yarn Plug'n'Play has no node_modules/.bin, so yarn projects go through yarn. */
export const RUNNER: Record<PackageManager, string> = { npm: '', pnpm: '', yarn: 'yarn ', bun: '' };
