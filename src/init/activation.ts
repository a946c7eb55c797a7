import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { PackageManager } from './package-manager.js';

/** `pnpm add -D`, `npm i -D`… */
const ADD: Record<PackageManager, string> = { npm: 'npm i -D', pnpm: 'pnpm add -D', yarn: 'yarn add -D', bun: 'bun add -d' };
/** How to run a local binary. */
const EXEC: Record<PackageManager, string> = { npm: 'npx', pnpm: 'pnpm exec', yarn: 'yarn', bun: 'bunx' };

/** The hooks are active when git runs husky's scripts: husky 9 sets core.hooksPath to `.husky/_`. */
export const HUSKY_HOOKS_PATH = '.husky/_';

export interface HookTools {
  /** husky's bin.js, when the project can resolve husky. */
  husky?: string;
  lintStaged: boolean;
}

function resolveFrom(dir: string, name: string): string | undefined {
  try {
    return createRequire(join(dir, 'package.json')).resolve(name);
  } catch {
    return undefined;
  }
}

export function hookTools(dir: string): HookTools {
  const husky = resolveFrom(dir, 'husky');
  return { husky: husky && join(dirname(husky), 'bin.js'), lintStaged: resolveFrom(dir, 'lint-staged') !== undefined };
}

/** The ONE command that makes the hooks work, given what is missing. Installing alone is not enough: `pnpm add` (and
 * `npm i <pkg>`, `yarn add`) do not run the project's `prepare` script, which is what runs husky. */
export function activationCommand(pm: PackageManager, tools: HookTools): string {
  const missing = [...(tools.husky ? [] : ['husky']), ...(tools.lintStaged ? [] : ['lint-staged'])];
  const install = missing.length ? `${ADD[pm]} ${missing.join(' ')}` : '';
  const activate = tools.husky ? '' : `${EXEC[pm]} husky`;
  return [install, activate].filter(Boolean).join(' && ') || `${EXEC[pm]} husky`;
}

/** Runs husky (sets core.hooksPath, writes .husky/_); its output when it failed. */
export function runHusky(dir: string, huskyBin: string): { ok: boolean; output: string } {
  const r = spawnSync(process.execPath, [huskyBin], { cwd: dir, encoding: 'utf8' });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}
