import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitEnv } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';
import { supabaseProject } from '../helpers/supabase-cli.js';

// The hooks on a Supabase project in a real repository with a real (bare) remote.
describe('git hooks on supabase/migrations', () => {
  let root: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8' });
  const file = (name: string, sql: string) => writeFileSync(join(dir, 'supabase/migrations', name), sql);

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'dg-sbhooks-'));
    env = { ...gitEnv(root), DRIFTGATE_SKIP: 'typecheck,schema' };
    execFileSync('git', ['init', '-q', '--bare', join(root, 'remote.git')], { env });
    dir = supabaseProject({ '20240101000000_profiles.sql': 'create table profiles (id int);\n', '20240201000000_teams.sql': 'create table teams (id int);\n' }, join(root, 'work'));
    git('init', '-q');
    git('remote', 'add', 'origin', join(root, 'remote.git'));
    git('add', '.');
    git('commit', '-qm', 'two migrations');
    git('push', '-q', '-u', 'origin', 'main');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const preCommit = async () => {
    const run = await runCli(['pre-commit', '--json'], { cwd: dir, env });
    return { code: run.code, found: run.json().findings.map((f: { rule: string; file: string }) => `${f.rule} ${f.file}`), fixes: run.json().findings.map((f: { fix: string }) => f.fix) };
  };

  it('pre-commit: editing or renaming a pushed migration is git/edited-migration', async () => {
    file('20240101000000_profiles.sql', 'create table profiles (id bigint);\n');
    git('add', '.');
    const edited = await preCommit();
    expect({ code: edited.code, found: edited.found }).toEqual({ code: 1, found: ['git/edited-migration supabase/migrations/20240101000000_profiles.sql'] });
    // the fix names the Supabase CLI's way to write a new migration, not drizzle-kit's
    expect(edited.fixes[0]).toContain('put the change in a new migration (supabase migration new <name>)');
    expect(edited.fixes[0]).not.toContain('drizzle-kit');
    git('reset', '-q', '--hard');
    git('mv', 'supabase/migrations/20240201000000_teams.sql', 'supabase/migrations/20240201000000_team_table.sql');
    expect((await preCommit()).found).toEqual(['git/edited-migration supabase/migrations/20240201000000_teams.sql']);
    git('reset', '-q', '--hard');
  });

  it('pre-commit: a new migration older than the newest committed one is supabase/out-of-order; a newer one passes', async () => {
    file('20240115000000_backfill.sql', 'create table backfill (id int);\n');
    git('add', '.');
    expect(await preCommit()).toMatchObject({ code: 1, found: ['supabase/out-of-order supabase/migrations/20240115000000_backfill.sql'] });
    git('rm', '-q', '--cached', 'supabase/migrations/20240115000000_backfill.sql');
    rmSync(join(dir, 'supabase/migrations/20240115000000_backfill.sql'));
    file('20240301000000_later.sql', 'create table later (id int);\n');
    git('add', '.');
    expect(await preCommit()).toMatchObject({ code: 0, found: [] });
    git('commit', '-qm', 'later');
  });

  it('pre-push: an untracked migration file is git/uncommitted-migration', async () => {
    file('20240401000000_forgotten.sql', 'create table forgotten (id int);\n');
    const head = git('rev-parse', 'HEAD').trim();
    const remote = git('rev-parse', 'origin/main').trim();
    const run = await runCli(['pre-push', 'origin', join(root, 'remote.git'), '--json'], { cwd: dir, env, input: `refs/heads/main ${head} refs/heads/main ${remote}\n` });
    expect(run.code).toBe(1);
    expect(run.json().findings.map((f: { rule: string; file: string }) => `${f.rule} ${f.file}`)).toEqual(['git/uncommitted-migration supabase/migrations/20240401000000_forgotten.sql']);
  });

  it('pre-push: a Supabase-only project has no schema source, so the schema step claims no match', async () => {
    const head = git('rev-parse', 'HEAD').trim();
    const remote = git('rev-parse', 'origin/main').trim();
    const run = await runCli(['pre-push', 'origin', join(root, 'remote.git')], { cwd: dir, env: { ...env, DRIFTGATE_SKIP: 'typecheck,database' }, input: `refs/heads/main ${head} refs/heads/main ${remote}\n` });
    expect(run.stdout + run.stderr).not.toMatch(/matches the latest snapshot/);
    expect(run.stdout + run.stderr).toMatch(/schema .*no schema source to compare/);
  });
});
