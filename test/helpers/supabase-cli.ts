import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NODE_MODULES } from './paths.js';

/** The real Supabase CLI (devDependency `supabase`, pinned): the oracle for how files are split, run and recorded. */
export const SUPABASE_BIN = join(NODE_MODULES, '.bin', 'supabase');

export interface SupabaseRun {
  code: number;
  output: string;
}

/** Runs the CLI in `cwd` (a project with supabase/migrations). No docker: only --db-url commands work. */
export function supabase(cwd: string, args: string[]): Promise<SupabaseRun> {
  return new Promise((resolve) => {
    execFile(SUPABASE_BIN, args, { cwd, env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' }, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}` });
    });
  });
}

/** The CLI wants TLS off against the local server. */
export const cliUrl = (url: string) => `${url}${url.includes('?') ? '&' : '?'}sslmode=disable`;

/** `supabase db push --db-url … --yes`; throws with the CLI's output unless `expectFailure`. */
export async function dbPush(cwd: string, url: string, extra: string[] = [], expectFailure = false): Promise<SupabaseRun> {
  const run = await supabase(cwd, ['db', 'push', '--db-url', cliUrl(url), '--yes', ...extra]);
  if ((run.code !== 0) !== expectFailure) throw new Error(`supabase db push exited ${run.code}:\n${run.output}`);
  return run;
}

/** `supabase migration repair --status applied <versions>`: records files (split by the CLI) without running them. */
export async function repairApplied(cwd: string, url: string, versions: string[]): Promise<SupabaseRun> {
  const run = await supabase(cwd, ['migration', 'repair', '--status', 'applied', ...versions, '--db-url', cliUrl(url)]);
  if (run.code !== 0) throw new Error(`supabase migration repair exited ${run.code}:\n${run.output}`);
  return run;
}

/** A temp project with `supabase/migrations/<name>` files. Returns its directory. */
export function supabaseProject(files: Record<string, string>, dir = mkdtempSync(join(tmpdir(), 'dg-supabase-'))): string {
  mkdirSync(join(dir, 'supabase', 'migrations'), { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, 'supabase', 'migrations', name), text);
  return dir;
}
