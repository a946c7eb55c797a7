import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CACHE, REPO } from './folders.js';

/** The driftgate package the bench runs: its own build, so a concurrent `tsc` into dist/ (every test run does one)
 * cannot change the code under measurement halfway. */
export const BUILD = join(CACHE, 'build');

/**
 * Compiles src/ into bench/.cache/build/dist (with bin/, hooks/ and package.json beside it, as in the published
 * package). `fromDist`: copy the existing dist/ (tsc's output and the CLI bundle) instead of building (bench:smoke in CI, right after `npm test` built it).
 */
export function buildDriftgate(opts: { fromDist: boolean; log: (line: string) => void }): void {
  const building = `${BUILD}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  if (opts.fromDist && existsSync(join(REPO, 'dist/bundle/index.js'))) {
    cpSync(join(REPO, 'dist'), join(building, 'dist'), { recursive: true });
  } else {
    opts.log('building driftgate (tsc) …');
    try {
      execFileSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json'), '--outDir', join(building, 'dist')], { cwd: REPO, stdio: 'pipe' });
    } catch (error) {
      // tsc emits despite type errors (another engineer's work in progress); a broken build shows up as failed runs
      opts.log(`tsc reported type errors; the build was still emitted: ${String((error as { stdout?: Buffer }).stdout ?? '').split('\n')[0]}`);
    }
    execFileSync(process.execPath, [join(REPO, 'scripts/bundle-cli.mjs'), join(building, 'dist')], { cwd: REPO, stdio: 'pipe' });
  }
  cpSync(join(REPO, 'bin'), join(building, 'bin'), { recursive: true });
  cpSync(join(REPO, 'hooks'), join(building, 'hooks'), { recursive: true });
  writeFileSync(join(building, 'package.json'), readFileSync(join(REPO, 'package.json')));
  // its dependencies resolve from the repo's node_modules wherever the cache is (DRIFTGATE_BENCH_CACHE)
  symlinkSync(join(REPO, 'node_modules'), join(building, 'node_modules'), 'dir');
  rmSync(BUILD, { recursive: true, force: true });
  renameSync(building, BUILD);
}
