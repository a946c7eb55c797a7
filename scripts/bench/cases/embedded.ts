import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BenchCase, Target } from '../bench-case.js';
import { benchProject, REPO, type BenchProject } from '../folders.js';
import { growthTarget, wallTarget } from './targets.js';

const RUN = join(REPO, 'scripts/bench/embedded/run.mjs');
const COMPETITORS = join(REPO, 'scripts/bench/competitors');
const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SIZES = { full: [50, 300], smoke: [50] };

function unavailable(): string | undefined {
  if (!existsSync(join(REPO, 'dist/embedded/start-embedded.js'))) return 'dist/embedded not built';
  const up = spawnSync(process.execPath, ['-e', `const p=require('postgres');const s=p(process.argv[1],{max:1,connect_timeout:3});s\`select 1\`.then(()=>s.end(),()=>process.exit(1))`, SERVER], { cwd: REPO });
  return up.status === 0 ? undefined : `no PostgreSQL server at ${SERVER} for the side-by-side competitor`;
}

/** issue 5: embedded Postgres start (cold initdb vs driftgate's cached data dir) and the replay of a folder (with and
 * without per-migration snapshot comparison), next to drizzle's migrator applying the same folder to the real
 * server. The two start competitors do not depend on the size; they are measured at every size for the chart. */
export const embeddedCase: BenchCase<BenchProject> = {
  name: 'embedded',
  issue: 'issue 5',
  title: 'embedded Postgres: start (cold vs cached) and replay vs drizzle migrator on the real server',
  unit: 'migrations',
  sizes: SIZES,
  reps: { full: 3, smoke: 1 },
  unavailable,
  async setup(size) {
    const project = await benchProject(size, (l) => console.log(`[bench] ${l}`));
    return { ctx: project, detail: `${project.tables} tables, newest snapshot ${Math.round(project.newestSnapshotBytes / 1024)} KB` };
  },
  competitors: [
    { name: 'PGlite cold start (initdb)', fullOnly: true, command: (p) => ({ cmd: process.execPath, args: [RUN, 'cold'], cwd: p.dir }) },
    { name: 'driftgate embedded start (cached data dir)', command: (p) => ({ cmd: process.execPath, args: [RUN, 'cached'], cwd: p.dir }) },
    { name: 'embedded replay, every step compared', command: (p) => ({ cmd: process.execPath, args: [RUN, 'replay', p.dir], cwd: p.dir }) },
    { name: 'embedded replay, apply only', fullOnly: true, command: (p) => ({ cmd: process.execPath, args: [RUN, 'replay', p.dir, '--no-compare'], cwd: p.dir }) },
    { name: 'drizzle migrator → real server', command: (p) => ({ cmd: process.execPath, args: [join(COMPETITORS, 'drizzle-migrate.mjs'), SERVER, join(p.dir, p.out)], cwd: p.dir }) },
  ],
  baseline: 'drizzle migrator → real server',
  targets: [
    wallTarget('issue 5: embedded start (cached data dir) ≤ 0.8 s', 'driftgate embedded start (cached data dir)', 50, 800),
    growthTarget('issue 5: embedded replay cost linear in migrations (exponent ≤ 1.15, 50 → 300)', 'embedded replay, every step compared', 1.15),
  ] satisfies Target[],
};
