import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { Target } from '../../config/targets.js';
import { SUPABASE_SETTINGS } from './folder-model.js';

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** The Supabase project folders to judge: `supabase/` (with `migrations/` in it) in the working directory and in
 * each other target's root (a monorepo package with a drizzle config and its own Supabase folder). A folder that
 * already is another target's is left to it. */
export function discoverSupabaseTargets(cwd: string, others: Target[]): Target[] {
  const roots = [...new Set([cwd, ...others.map((t) => t.root)])];
  const taken = new Set(others.map((t) => resolve(t.outDir)));
  const found: Target[] = [];
  for (const root of roots) {
    const outDir = resolve(root, 'supabase', 'migrations');
    if (taken.has(outDir) || !isDir(outDir)) continue;
    taken.add(outDir);
    found.push({
      label: relative(cwd, outDir).split('\\').join('/') || '.',
      outDir,
      root,
      configFile: existsSync(resolve(root, 'supabase', 'config.toml')) ? resolve(root, 'supabase', 'config.toml') : undefined,
      dialect: 'postgresql',
      schema: [],
      settings: SUPABASE_SETTINGS,
      system: 'supabase',
    });
  }
  return found;
}
