import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUILD } from '../build.js';
import { CACHE, REPO } from '../folders.js';
import { DRIFTGATE } from './cli.js';

/** A fixed git identity and no user/system config, so timings do not depend on the developer's setup. */
export function gitEnv(): Record<string, string | undefined> {
  const home = join(CACHE, 'git-home');
  mkdirSync(home, { recursive: true });
  const config = join(home, 'gitconfig');
  writeFileSync(config, '[user]\n\tname = Bench\n\temail = bench@example.com\n[init]\n\tdefaultBranch = main\n');
  return { ...process.env, HOME: home, GIT_CONFIG_GLOBAL: config, GIT_CONFIG_NOSYSTEM: '1', CI: undefined, GITHUB_ACTIONS: undefined };
}

/** node_modules of a consumer project: this repo's packages (husky, lint-staged, drizzle-*) plus the built driftgate. */
export function linkNodeModules(dir: string): void {
  const nm = join(dir, 'node_modules');
  const source = join(REPO, 'node_modules');
  mkdirSync(join(nm, '.bin'), { recursive: true });
  for (const name of readdirSync(source)) if (name !== '.bin' && name !== 'driftgate') symlinkSync(join(source, name), join(nm, name));
  for (const name of readdirSync(join(source, '.bin'))) symlinkSync(join(source, '.bin', name), join(nm, '.bin', name));
  symlinkSync(BUILD, join(nm, 'driftgate'));
  symlinkSync(DRIFTGATE, join(nm, '.bin', 'driftgate'));
}

export function run(cmd: string, args: string[], cwd: string, env = gitEnv()): string {
  return execFileSync(cmd, args, { cwd, env, stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 }).toString();
}

/** A git repo holding `project` (committed once), cloned cheaply per competitor. */
export function templateRepo(projectDir: string, dir: string): string {
  if (existsSync(join(dir, '.git', 'bench-ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  run('cp', ['-al', join(projectDir, 'drizzle'), join(dir, 'drizzle')], dir);
  run('cp', [join(projectDir, 'schema.ts'), join(projectDir, 'drizzle.config.ts'), dir], dir);
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2)}\n`);
  writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
  writeFileSync(join(dir, 'notes.md'), '# notes\n');
  run('git', ['init', '-q'], dir);
  run('git', ['add', '-A'], dir);
  run('git', ['commit', '-q', '--no-verify', '-m', 'history'], dir);
  writeFileSync(join(dir, '.git', 'bench-ready'), '');
  return dir;
}

/** A clone of the template with its own work tree and node_modules; `setup` wires its hooks. */
export function cloneRepo(template: string, dir: string, setup: (dir: string) => void): string {
  if (existsSync(join(dir, '.git', 'bench-ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  run('git', ['clone', '-q', '--local', template, dir], join(dir, '..'));
  linkNodeModules(dir);
  setup(dir);
  run('git', ['add', '-A'], dir);
  run('git', ['commit', '-q', '--no-verify', '--allow-empty', '-m', 'hooks'], dir);
  run('git', ['tag', '-f', 'bench-base'], dir);
  writeFileSync(join(dir, '.git', 'bench-ready'), '');
  return dir;
}
