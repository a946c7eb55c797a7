import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from '../helpers/drizzle-project.js';
import { gitEnv } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';

// Which migrations `check` judges for safety: not on the base branch (default), --since REF, --all, safety.base.
const USERS = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email') });\n`;

describe('check: which migrations the safety rules judge', () => {
  let p: DrizzleProject;
  let home: string;
  let env: NodeJS.ProcessEnv;
  let dropEmail: string;
  let notNullTag: string;
  const git = (args: string[]) => execFileSync('git', args, { cwd: p.dir, env, stdio: 'pipe' }).toString();
  const safety = async (args: string[]) => {
    const run = await runCli(['check', '--json', '--no-baseline', ...args], { cwd: p.dir, env });
    return { code: run.code, stderr: run.stderr, ids: run.code === 2 ? [] : (run.json().findings as any[]).filter((f) => /^(lock|data|destructive|compat)\//.test(f.rule)).map((f) => `${f.rule} ${f.tag}`).sort() };
  };

  beforeAll(async () => {
    p = createDrizzleProject();
    home = mkdtempSync(join(tmpdir(), 'dg-safety-sel-'));
    env = gitEnv(home);
    await p.generate(USERS, 'init');
    dropEmail = (await p.generate(USERS.replace(", email: text('email')", ''), 'drop_email'))!;
    git(['init', '-q']);
    git(['add', '-A']);
    git(['commit', '-qm', 'two migrations']);
    git(['branch', 'release']);
    notNullTag = (await p.generate(USERS.replace(", email: text('email')", '').replace("name: text('name')", "name: text('name').notNull()"), 'name_not_null'))!;
  });
  afterAll(() => {
    p?.cleanup();
    rmSync(home, { recursive: true, force: true });
  });

  it('default: what the base branch (main) does not have', async () => {
    expect((await safety([])).ids).toEqual([`lock/set-not-null ${notNullTag}`]);
  });

  it('--since REF: what REF does not have; an unknown REF is a one-line usage error', async () => {
    git(['add', '-A']);
    git(['commit', '-qm', 'not null']);
    expect((await safety([])).ids).toEqual([]); // on main now: nothing new
    expect((await safety(['--since', 'release'])).ids).toEqual([`lock/set-not-null ${notNullTag}`]);
    const bad = await safety(['--since', 'no-such-branch']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')[0]).toContain('unknown git revision "no-such-branch"');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('--all judges every migration alone; safety.base in the config moves the base', async () => {
    expect((await safety(['--all'])).ids).toEqual([`destructive/drop-column ${dropEmail}`, `lock/set-not-null ${notNullTag}`]);
    writeFileSync(join(p.dir, 'driftgate.config.json'), JSON.stringify({ safety: { base: 'release' } }));
    expect((await safety([])).ids).toEqual([`lock/set-not-null ${notNullTag}`]);
    writeFileSync(join(p.dir, 'driftgate.config.json'), JSON.stringify({ safety: { postgresVersion: 'fifteen' } }));
    expect((await safety([])).code).toBe(2);
    rmSync(join(p.dir, 'driftgate.config.json'));
  });

  it("the remote's default branch (origin/HEAD) wins over a local main", async () => {
    // the remote's HEAD names `release`, which lacks the NOT NULL migration; local main has it
    const remote = mkdtempSync(join(tmpdir(), 'dg-safety-remote-'));
    try {
      execFileSync('git', ['init', '-q', '--bare', remote], { env });
      git(['remote', 'add', 'origin', remote]);
      git(['push', '-q', 'origin', 'release']);
      execFileSync('git', ['symbolic-ref', 'HEAD', 'refs/heads/release'], { cwd: remote, env });
      git(['remote', 'set-head', 'origin', '--auto']);
      const run = await runCli(['check', '--no-baseline'], { cwd: p.dir, env });
      expect(run.stdout + run.stderr).toContain('not on origin/release');
      expect((await safety([])).ids).toEqual([`lock/set-not-null ${notNullTag}`]);
    } finally {
      git(['remote', 'remove', 'origin']);
      rmSync(remote, { recursive: true, force: true });
    }
  });
});
