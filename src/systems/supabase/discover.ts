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

/** The Supabase project folder to judge: `supabase/migrations` in the project directory (beside a drizzle config
 * or Prisma schema, or alone). `supabase/config.toml` without migrations has nothing to check yet. */
export function findSupabaseTargets(cwd: string): Target[] {
  const outDir = resolve(cwd, 'supabase', 'migrations');
  if (!isDir(outDir)) return [];
  const config = resolve(cwd, 'supabase', 'config.toml');
  return [
    {
      label: relative(cwd, outDir).split('\\').join('/') || '.',
      outDir,
      root: cwd,
      configFile: existsSync(config) ? config : undefined,
      dialect: 'postgresql',
      schema: [],
      settings: SUPABASE_SETTINGS,
      system: 'supabase',
    },
  ];
}
