import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchCase, SizeResult, Target } from '../bench-case.js';
import { benchProject, REPO, type BenchProject } from '../folders.js';
import { cliHas, DRIFTGATE } from './cli.js';
import { templateRepo } from './git-repos.js';
import { growthTarget, ratioTarget, rssTarget } from './targets.js';

const DRIZZLE_KIT = join(REPO, 'node_modules/drizzle-kit/bin.cjs');
const SIZES = { full: [10, 100, 300, 1000], smoke: [300] };

/** issue 2: `driftgate check` against `drizzle-kit check` on the same folder. */
export const checkCase: BenchCase<BenchProject> = {
  name: 'check',
  issue: 'issue 2',
  title: '`driftgate check` vs `drizzle-kit check`',
  unit: 'migrations',
  sizes: SIZES,
  largeSizes: [3000],
  // five in smoke too: one run each was a coin toss near the gate on a busy CI machine, and three still moved the
  // median by ~10 % right after the test suite
  reps: { full: 5, smoke: 5 },
  unavailable: () => (cliHas('check') ? undefined : 'driftgate check not available'),
  async setup(size) {
    const project = await benchProject(size, (l) => console.log(`[bench] ${l}`));
    // As a project keeps its history: committed, in a git repository of its own. The generated folder sits untracked
    // inside driftgate's own repository, where the safety rules (issue 14, after this target was set) would judge
    // every one of its migrations as new on each run — work no real project's check does.
    const dir = templateRepo(project.dir, join(project.dir, '..', 'check-repos', `n${size}`));
    if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    return { ctx: { ...project, dir }, detail: `${project.tables} tables, newest snapshot ${Math.round(project.newestSnapshotBytes / 1024)} KB, committed` };
  },
  competitors: [
    { name: 'driftgate check', command: (p) => ({ cmd: process.execPath, args: [DRIFTGATE, 'check'], cwd: p.dir }) },
    {
      name: 'drizzle-kit check',
      command: (p) => ({ cmd: process.execPath, args: [DRIZZLE_KIT, 'check'], cwd: p.dir }),
      // it parses every snapshot in full: ~4 GB at 3,000 migrations, minutes per run
      maxSize: 1000,
      note: 'not run: it reads and validates every snapshot in full (~6 GB at 3,000 migrations here), minutes per run',
    },
  ],
  baseline: 'drizzle-kit check',
  targets: [
    ratioTarget('issue 2: `driftgate check` ≤ 1/20 of `drizzle-kit check` wall time at 300 migrations', 'driftgate check', 'drizzle-kit check', 300, 1 / 20),
    ratioTarget('issue 2: `driftgate check` ≤ 1/20 of `drizzle-kit check` wall time at 1,000 migrations', 'driftgate check', 'drizzle-kit check', 1000, 1 / 20),
    rssTarget('issue 2: `driftgate check` peak RSS ≤ 100 MiB at 300 migrations', 'driftgate check', 300, 100),
    growthTarget('issue 2: `driftgate check` grows linearly (time exponent ≤ 1.15 between the two largest sizes)', 'driftgate check', 1.15),
  ] satisfies Target[],
};

export type { SizeResult };
