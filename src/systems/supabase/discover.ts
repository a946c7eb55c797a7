import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Target } from '../../config/targets.js';
import { SUPABASE_SETTINGS } from './folder-model.js';

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
};

/** How deep below the project directory a nested Supabase project is looked for: `apps/web`, `packages/db` (2). */
const NESTED_DEPTH = 2;
/** What marks a monorepo's root, below which nested projects are looked for (not in `/` or a home folder). */
const WORKSPACE_ROOT = ['.git', 'package.json', 'pnpm-workspace.yaml'];
/** Folders never holding a project of the repository's own. */
const NOT_SEARCHED = (name: string) => name.startsWith('.') || name === 'node_modules' || name === 'supabase';

/** The target of the Supabase project whose work directory is `dir` (the CLI's --workdir): `supabase/migrations`,
 * or `supabase/config.toml` alone — `supabase init` done, no migration yet, which `supabase migration new` writes
 * there (the folder is then read as an empty history). */
function projectTarget(cwd: string, dir: string): Target | undefined {
  const outDir = resolve(dir, 'supabase', 'migrations');
  const config = resolve(dir, 'supabase', 'config.toml');
  const hasConfig = existsSync(config);
  if (!isDir(outDir) && !hasConfig) return undefined;
  return {
    label: relative(cwd, outDir).split('\\').join('/') || '.',
    outDir,
    root: dir,
    configFile: hasConfig ? config : undefined,
    dialect: 'postgresql',
    schema: [],
    settings: SUPABASE_SETTINGS,
    system: 'supabase',
    missingIsEmpty: true,
  };
}

/** Directories up to NESTED_DEPTH below `cwd` holding `supabase/config.toml`, the marker the CLI looks for. */
function nestedProjects(cwd: string): string[] {
  const found: string[] = [];
  let level = [cwd];
  for (let depth = 1; depth <= NESTED_DEPTH; depth++) {
    const next: string[] = [];
    for (const parent of level) {
      let entries;
      try {
        entries = readdirSync(parent, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const e of entries) {
        if (!e.isDirectory() || NOT_SEARCHED(e.name)) continue;
        const dir = join(parent, e.name);
        if (existsSync(join(dir, 'supabase', 'config.toml'))) found.push(dir);
        else next.push(dir);
      }
    }
    level = next;
  }
  return found.sort();
}

/** The Supabase projects to judge from a project directory, found as the CLI finds its work directory: `supabase/`
 * in the directory itself (the CLI also searches upward for `supabase/config.toml`, which driftgate's own upward
 * search for the project directory does). A monorepo's hooks run at the repository root, where the CLI needs
 * `--workdir apps/web`: there (a directory with .git or package.json) every `supabase/config.toml` up to two levels
 * down (apps/web, packages/db) is a project of its own. */
export function findSupabaseTargets(cwd: string): Target[] {
  const here = projectTarget(cwd, cwd);
  if (here) return [here];
  if (!WORKSPACE_ROOT.some((name) => existsSync(join(cwd, name)))) return [];
  return nestedProjects(cwd).flatMap((dir) => projectTarget(cwd, dir) ?? []);
}
