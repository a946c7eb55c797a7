import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from '../bench-case.js';
import { benchProject, type BenchProject } from '../folders.js';
import { cliHas, DRIFTGATE } from './cli.js';
import { ratioTarget } from './targets.js';

const ON = 'verify (embedded), lock trace of the new migration';
const OFF = 'verify (embedded), safety.trace: false';
/** Written into the bench project: the same run without the trace. */
const TRACE_OFF_CONFIG = 'driftgate.trace-off.config.mjs';
const ENV = { DATABASE_URL: '', DRIFTGATE_SKIP: 'schema,typecheck' };

const verify = (p: BenchProject, extra: string[]) => ({
  cmd: process.execPath,
  args: [DRIFTGATE, 'verify', '--embedded', '--json', '--no-baseline', ...extra],
  cwd: p.dir,
  env: ENV,
});

/** issue 14: what tracing the new migration's deploy (pg_locks and relfilenode around each statement, after the
 * history is applied again in a migrator run of its own) adds to `driftgate verify` on embedded Postgres. The bench
 * project is outside git, so the new migration is the newest one. */
export const traceCase: BenchCase<BenchProject> = {
  name: 'trace',
  issue: 'issue 14',
  title: 'embedded verify with the lock trace of the newest migration vs without it',
  unit: 'migrations',
  sizes: { full: [50, 300], smoke: [50] },
  reps: { full: 3, smoke: 3 },
  unavailable: () => (cliHas('verify', '--embedded') ? undefined : 'embedded verify has not landed'),
  async setup(size) {
    const shared = await benchProject(size, (l) => console.log(`[bench] ${l}`));
    // outside any git repository (the cache lives in this one, where no bench migration is on the base branch): the
    // safety rules then call the newest migration new, as for a developer's next migration
    const dir = join(mkdtempSync(join(tmpdir(), 'driftgate-bench-trace-')), `n${size}`);
    cpSync(shared.dir, dir, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(dir, TRACE_OFF_CONFIG), 'export default { safety: { trace: false } };\n');
    return { ctx: { ...shared, dir }, detail: `${shared.tables} tables, the newest migration traced` };
  },
  competitors: [
    { name: ON, command: (p) => verify(p, []) },
    { name: OFF, command: (p) => verify(p, ['--driftgate-config', TRACE_OFF_CONFIG]) },
  ],
  baseline: OFF,
  targets: [ratioTarget('issue 14: the lock trace costs ≤ 1.5× the embedded verify without it (300 migrations)', ON, OFF, 300, 1.5)],
};
