import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDrizzleProject, type DrizzleProject } from './drizzle-project.js';
import { BIN, NODE_MODULES, REPO_ROOT } from './paths.js';

/** Fixed git identity and config for every test repo (no global/system config leaks in). */
export function gitEnv(home: string): NodeJS.ProcessEnv {
  const config = join(home, 'gitconfig');
  writeFileSync(config, '[user]\n\tname = Test\n\temail = test@example.com\n[init]\n\tdefaultBranch = main\n[advice]\n\tdetachedHead = false\n');
  return {
    ...process.env, HOME: home, GIT_CONFIG_GLOBAL: config, GIT_CONFIG_NOSYSTEM: '1', NO_COLOR: '1', FORCE_COLOR: undefined,
    GITHUB_ACTIONS: undefined, CI: undefined, DATABASE_URL: undefined, DRIFTGATE_SKIP: undefined, NODE_ENV: undefined, VITEST: undefined,
    // The embedded-Postgres data-dir cache stays the user's (warm, as on a developer machine); HOME is a temp dir.
    XDG_CACHE_HOME: process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), npm_config_yes: 'false', npm_config_update_notifier: 'false',
  };
}

/** node_modules for a consumer project: every package of this repo (drizzle-kit, husky, lint-staged, typescript)
 * plus the BUILT driftgate, linked, with a .bin that has `driftgate`. */
export function linkNodeModules(dir: string, opts: { only?: string[]; without?: string[] } = {}): void {
  const nm = join(dir, 'node_modules');
  mkdirSync(join(nm, '.bin'), { recursive: true });
  const wanted = (name: string) => (!opts.only || opts.only.includes(name)) && !opts.without?.includes(name);
  for (const name of readdirSync(NODE_MODULES)) if (name !== '.bin' && name !== 'driftgate' && wanted(name)) symlinkSync(join(NODE_MODULES, name), join(nm, name));
  for (const name of readdirSync(join(NODE_MODULES, '.bin'))) if (wanted(name)) symlinkSync(join(NODE_MODULES, '.bin', name), join(nm, '.bin', name));
  if (opts.only) return; // a later install: driftgate is already there
  symlinkSync(REPO_ROOT, join(nm, 'driftgate'));
  symlinkSync(BIN, join(nm, '.bin', 'driftgate'));
}

export interface Run {
  code: number | null;
  out: string;
}

export interface HookRepo {
  /** The work tree (where drizzle.config.ts and package.json are). */
  dir: string;
  remote: string;
  project: DrizzleProject;
  env: NodeJS.ProcessEnv;
  git(args: string[], opts?: { cwd?: string; input?: string }): Run;
  /** Like git() but throws on failure. */
  ok(args: string[], opts?: { cwd?: string }): string;
  driftgate(args: string[], opts?: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv }): Run;
  /** Writes the files `drizzle-kit generate` made for a prepared schema (see hookRepoFactory `prepared`) into the
   * work tree (or `dir`, e.g. a worktree) and returns the new tag: what running generate here would write. */
  apply(name: string, dir?: string): string;
  /** Hash of every work-tree file (outside .git and node_modules) and of the index. */
  state(): string;
  cleanup(): void;
}

const SCHEMA_V1 = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n`;

/** Builds ONE template repo per test file (drizzle project with one generated migration, `driftgate init`, husky
 * active, pushed to a bare remote) and hands out copies. */
export async function hookRepoFactory(opts: { name?: string; prefix?: string; prepared?: Record<string, string> } = {}): Promise<{ make(name?: string): HookRepo; dispose(): void }> {
  const base = mkdtempSync(join(tmpdir(), 'dg-hooks-'));
  const home = join(base, 'home');
  mkdirSync(home);
  const env = gitEnv(home);
  const templateDir = join(base, 'template', 'proj');
  mkdirSync(templateDir, { recursive: true });
  linkNodeModules(templateDir);
  const project = createDrizzleProject({ dir: templateDir });
  writeFileSync(join(templateDir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2) + '\n');
  writeFileSync(join(templateDir, '.gitignore'), 'node_modules\n');
  await project.generate(SCHEMA_V1, 'init');
  const run = (cmd: string, args: string[], cwd: string) => execFileSync(cmd, args, { cwd, env, stdio: 'pipe' }).toString();
  run('git', ['init', '-q'], templateDir);
  run(process.execPath, [BIN, 'init'], templateDir);
  if (!run('git', ['config', 'core.hooksPath'], templateDir).includes('.husky')) throw new Error('driftgate init did not activate husky');
  run('git', ['add', '-A'], templateDir);
  run('git', ['commit', '-q', '--no-verify', '-m', 'init'], templateDir);
  const remoteTemplate = join(base, 'template', 'remote.git');
  run('git', ['init', '-q', '--bare', remoteTemplate], base);
  run('git', ['remote', 'add', 'origin', remoteTemplate], templateDir);
  run('git', ['push', '-q', '--no-verify', '-u', 'origin', 'main'], templateDir);
  // Each prepared schema is generated ONCE by the real drizzle-kit on top of the template; tests write its output.
  const prepared = new Map<string, { tag: string; files: Map<string, Buffer> }>();
  for (const [name, schema] of Object.entries(opts.prepared ?? {})) {
    const tag = await project.generate(schema, name);
    if (!tag) throw new Error(`drizzle-kit generated nothing for ${name}`);
    const files = new Map<string, Buffer>();
    for (const line of run('git', ['status', '--porcelain', '-z', '--untracked-files=all'], templateDir).split('\0')) {
      if (line) files.set(line.slice(3), readFileSync(join(templateDir, line.slice(3))));
    }
    prepared.set(name, { tag, files });
    run('git', ['checkout', '-q', '--', '.'], templateDir);
    run('git', ['clean', '-fdq'], templateDir);
  }
  let n = 0;
  return {
    make(name = `repo${n++}`) {
      const root = join(base, name);
      mkdirSync(root, { recursive: true });
      const dir = join(root, 'proj');
      const remote = join(root, 'remote.git');
      cpSync(join(base, 'template'), root, { recursive: true, verbatimSymlinks: true });
      execFileSync('git', ['remote', 'set-url', 'origin', remote], { cwd: dir, env });
      const git = (args: string[], o: { cwd?: string; input?: string } = {}): Run => {
        const r = spawnSync('git', args, { cwd: o.cwd ?? dir, env, input: o.input ?? '', encoding: 'utf8', timeout: 60_000 });
        return { code: r.status, out: `${r.stdout}${r.stderr}` };
      };
      return {
        dir, remote, env, git,
        project: createDrizzleProject({ dir }),
        ok(args, o) {
          const r = git(args, o);
          if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed (${r.code}):\n${r.out}`);
          return r.out;
        },
        driftgate(args, o = {}) {
          const r = spawnSync(process.execPath, [BIN, ...args], { cwd: o.cwd ?? dir, env: { ...env, ...o.env }, input: o.input ?? '', encoding: 'utf8', timeout: 60_000 });
          return { code: r.status, out: `${r.stdout}${r.stderr}` };
        },
        apply(name, into = dir) {
          const found = prepared.get(name);
          if (!found) throw new Error(`no prepared migration ${name}`);
          for (const [path, data] of found.files) writeFileSync(join(into, path), data);
          return found.tag;
        },
        state: () => treeState(dir, git),
        cleanup: () => rmSync(root, { recursive: true, force: true }),
      };
    },
    dispose: () => rmSync(base, { recursive: true, force: true }),
  };
}

export function treeState(dir: string, git: (args: string[]) => Run): string {
  const hash = createHash('sha256');
  const walk = (rel: string) => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      if (name === '.git' || name === 'node_modules') continue;
      const path = rel ? `${rel}/${name}` : name;
      const stat = lstatSync(join(dir, path));
      if (stat.isDirectory()) walk(path);
      else hash.update(`${path}\0${stat.mode}\0`).update(readFileSync(join(dir, path))).update('\0');
    }
  };
  walk('');
  hash.update(git(['ls-files', '--stage']).out);
  return hash.digest('hex');
}

export { SCHEMA_V1 };
