import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { BenchCase, Competitor } from '../bench-case.js';
import { benchProject, writeNextMigration, type BenchProject } from '../folders.js';
import { cliHas, DRIFTGATE } from './cli.js';
import { cloneRepo, gitEnv, run, templateRepo } from './git-repos.js';
import { ratioTarget, wallTarget } from './targets.js';

const SETUP_KEY = createHash('sha256')
  .update(readFileSync(fileURLToPath(import.meta.url)))
  .update(readFileSync(fileURLToPath(new URL('./git-repos.ts', import.meta.url))))
  .digest('hex')
  .slice(0, 8);

interface Repos {
  project: BenchProject;
  bare: string;
  noop: string;
  driftgate: string;
  env: Record<string, string | undefined>;
}

/** Untimed: back to the committed state, then stage an edit of a file that is not a migration. */
function stageNotes(dir: string, env: Repos['env']): void {
  run('git', ['reset', '-q', '--hard', 'bench-base'], dir, env);
  appendFileSync(join(dir, 'notes.md'), `- ${Date.now()}\n`);
  run('git', ['add', 'notes.md'], dir, env);
}

const commit = (dir: (r: Repos) => string): Competitor<Repos>['command'] => (r) => ({ cmd: 'git', args: ['commit', '-q', '-m', 'bench'], cwd: dir(r), env: r.env });

/** issue 3: what `git commit` costs with driftgate's hook, against husky + lint-staged with a no-op task and no hook. */
export const preCommitCase: BenchCase<Repos> = {
  name: 'pre-commit',
  issue: 'issue 3',
  title: '`git commit` with the driftgate pre-commit hook vs husky+lint-staged no-op vs bare',
  unit: 'migrations in the repo',
  sizes: { full: [10, 100, 300], smoke: [10] },
  reps: { full: 5, smoke: 1 },
  unavailable: () => (cliHas('pre-commit') && cliHas('init') ? undefined : 'driftgate pre-commit not available'),
  async setup(size) {
    const project = await benchProject(size, (l) => console.log(`[bench] ${l}`));
    const env = gitEnv();
    // beside the history it was made from, keyed by this setup's code: a change to either gets new repos
    const base = join(project.dir, '..', `repos-${SETUP_KEY}`, `n${size}`);
    const template = templateRepo(project.dir, join(base, 'template'));
    const bare = cloneRepo(template, join(base, 'bare'), () => {});
    const driftgate = cloneRepo(template, join(base, 'driftgate'), (dir) => run(process.execPath, [DRIFTGATE, 'init'], dir, env));
    const noop = cloneRepo(template, join(base, 'noop'), (dir) => {
      // husky 9 + lint-staged with a task that does nothing: the cost of the hook machinery itself
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module', scripts: { prepare: 'husky' }, 'lint-staged': { '*': 'true' } }, null, 2)}\n`);
      run(join(dir, 'node_modules/.bin/husky'), [], dir, env);
      // the very hook line `driftgate init` wrote, so the two differ only in lint-staged's task
      writeFileSync(join(dir, '.husky/pre-commit'), readFileSync(join(driftgate, '.husky/pre-commit')));
    });
    return { ctx: { project, bare, noop, driftgate, env }, detail: `${project.tables} tables` };
  },
  competitors: [
    { name: 'driftgate hook, nothing to judge', before: (r) => stageNotes(r.driftgate, r.env), command: commit((r) => r.driftgate) },
    { name: 'husky+lint-staged no-op', before: (r) => stageNotes(r.noop, r.env), command: commit((r) => r.noop) },
    { name: 'bare git commit', before: (r) => stageNotes(r.bare, r.env), command: commit((r) => r.bare) },
    {
      name: 'driftgate hook, one new migration',
      before(r) {
        run('git', ['reset', '-q', '--hard', 'bench-base'], r.driftgate, r.env);
        writeNextMigration(r.project, r.driftgate);
        run('git', ['add', 'drizzle'], r.driftgate, r.env);
      },
      command: commit((r) => r.driftgate),
    },
  ],
  baseline: 'husky+lint-staged no-op',
  targets: [
    ratioTarget('issue 3: commit with nothing to judge ≤ 1.3× husky+lint-staged no-op', 'driftgate hook, nothing to judge', 'husky+lint-staged no-op', 300, 1.3),
    wallTarget('issue 3: commit staging one new migration ≤ 0.8 s at 300 migrations', 'driftgate hook, one new migration', 300, 800),
  ],
};
