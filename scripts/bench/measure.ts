import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Command {
  cmd: string;
  args: string[];
  cwd: string;
  env?: Record<string, string | undefined>;
}

export interface Sample {
  wallMs: number;
  /** Peak resident set size of the largest process in the run, in KiB (undefined when it cannot be measured). */
  rssKiB?: number;
  exit: number | null;
  /** The last lines of stderr+stdout, for error messages. */
  tail: string;
}

const GNU_TIME = '/usr/bin/time';
/** For machines without GNU time: node processes report their own peak RSS on exit. */
const RSS_PRELOAD = fileURLToPath(new URL('./rss-preload.cjs', import.meta.url));
const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true']).status === 0;
const scratch = mkdtempSync(join(tmpdir(), 'driftgate-bench-'));
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

export const memorySource = hasGnuTime ? '/usr/bin/time (max RSS)' : 'node process.resourceUsage().maxRSS via --require';

/** Runs one command to completion and measures wall time (around the spawn) and peak RSS. */
export function measure(command: Command): Sample {
  const rssFile = join(scratch, 'rss');
  rmSync(rssFile, { force: true });
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, ...command.env };
  let cmd = command.cmd;
  let args = command.args;
  if (hasGnuTime) {
    args = ['-f', '%M', '-o', rssFile, cmd, ...args];
    cmd = GNU_TIME;
  } else {
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --require ${RSS_PRELOAD}`.trim();
    env.DRIFTGATE_BENCH_RSS_FILE = rssFile;
  }
  const started = performance.now();
  const result = spawnSync(cmd, args, { cwd: command.cwd, env, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - started;
  let rssKiB: number | undefined;
  try {
    const values = readFileSync(rssFile, 'utf8').trim().split('\n').map((l) => Number.parseInt(l, 10)).filter(Number.isFinite);
    if (values.length) rssKiB = Math.max(...values);
  } catch {
    // not measurable (a non-node process without GNU time)
  }
  const tail = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').slice(-6).join('\n');
  return { wallMs, rssKiB, exit: result.error ? null : result.status, tail: result.error ? String(result.error) : tail };
}
