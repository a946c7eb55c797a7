import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitEnv } from '../helpers/git-repo.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';
import { cliUrl, SUPABASE_BIN, supabase } from '../helpers/supabase-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const found = (findings: { rule: string; file: string }[]) => findings.map((f) => `${f.rule} ${f.file}`);

/** `supabase migration new <name> --workdir <dir>` with the SQL piped in: the real CLI writes the file (it reads
 * stdin when it is not a terminal). Returns the file name. */
function newMigration(root: string, workdir: string, name: string, sql: string): string {
  const made = spawnSync(SUPABASE_BIN, ['migration', 'new', name, '--workdir', workdir], { cwd: root, input: sql, encoding: 'utf8', env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' }, timeout: 60_000 });
  expect(made.status, made.stderr).toBe(0);
  const folder = join(root, workdir, 'supabase', 'migrations');
  return readdirSync(folder).find((f) => f.endsWith(`_${name}.sql`))!;
}

describe('finding Supabase projects as the CLI finds its work directory', () => {
  it('supabase init alone (config.toml, no migrations yet) is a project with an empty history', async () => {
    const root = mkdtempSync(join(tmpdir(), 'dg-sbinit-'));
    dirs.push(root);
    expect((await supabase(root, ['init'])).code).toBe(0);
    const check = await runCli(['check', '--json'], { cwd: root });
    expect(check.code).toBe(0);
    expect(check.json().findings).toEqual([]);
    const verify = await runCli(['verify', '--embedded'], { cwd: root });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('no migrations yet');
    // the first migration the CLI writes is judged at once
    const file = newMigration(root, '.', 'first', 'create table a (id int);\ncommit;\n');
    const again = await runCli(['check', '--json'], { cwd: root });
    expect(found(again.json().findings)).toEqual([`supabase/transaction-control supabase/migrations/${file}`]);
    expect(again.code).toBe(1);
  }, 120_000);

  describe('a monorepo: apps/web/supabase and packages/db/supabase, hooks run at the repository root', () => {
    let root: string;
    let db: Awaited<ReturnType<typeof createTestDatabase>>;
    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'dg-sbmono-'));
      dirs.push(root);
      db = await createTestDatabase('dg_sbmono');
      execFileSync('git', ['init', '-q'], { cwd: root, env: gitEnv(root) });
      for (const workdir of ['apps/web', 'packages/db']) {
        mkdirSync(join(root, workdir), { recursive: true });
        expect((await supabase(root, ['init', '--workdir', workdir])).code).toBe(0);
      }
      newMigration(root, 'apps/web', 'profiles', 'create table profiles (id int primary key);\n');
    }, 120_000);
    afterAll(async () => {
      await db?.drop();
    });

    it('check at the root finds both projects; a rule fires on the nested folder with its path', async () => {
      const clean = await runCli(['check'], { cwd: root });
      expect(clean.code).toBe(0);
      expect(clean.stdout).toContain('1 migration in 2 folders');
      const bad = newMigration(root, 'packages/db', 'wrapped', 'create table jobs (id int);\nrollback;\n');
      const run = await runCli(['check', '--json'], { cwd: root });
      expect(found(run.json().findings)).toEqual([`supabase/transaction-control packages/db/supabase/migrations/${bad}`]);
      expect(run.code).toBe(1);
      // started in a sub-folder, driftgate goes up to the project, as the CLI does
      mkdirSync(join(root, 'packages/db/src'), { recursive: true });
      const inside = await runCli(['check', '--json'], { cwd: join(root, 'packages/db/src') });
      expect(found(inside.json().findings)).toEqual([`supabase/transaction-control supabase/migrations/${bad}`]);
      rmSync(join(root, 'packages/db/supabase/migrations', bad));
    }, 120_000);

    it('verify --db at the root reads the history the CLI wrote with --workdir apps/web', async () => {
      const up = await supabase(root, ['migration', 'up', '--workdir', 'apps/web', '--db-url', cliUrl(db.url)]);
      expect(up.code).toBe(0);
      const run = await runCli(['verify', '--db', db.url, '--out', 'apps/web/supabase/migrations', '--json'], { cwd: root, env: { DRIFTGATE_SKIP: 'typecheck,schema' } });
      expect(run.json().findings.filter((f: { severity: string }) => f.severity !== 'info')).toEqual([]);
      expect(run.code).toBe(0);
      // a second file not yet applied is pending in that folder
      const later = newMigration(root, 'apps/web', 'teams', 'create table teams (id int);\n');
      const pending = await runCli(['verify', '--db', db.url, '--out', 'apps/web/supabase/migrations', '--json'], { cwd: root, env: { DRIFTGATE_SKIP: 'typecheck,schema' } });
      expect(found(pending.json().findings.filter((f: { rule: string }) => f.rule === 'db/pending'))).toEqual([`db/pending apps/web/supabase/migrations/${later}`]);
    }, 120_000);

    it('pre-commit at the repository root judges a staged migration of a nested project', async () => {
      const env = gitEnv(root);
      const git = (...args: string[]) => execFileSync('git', args, { cwd: root, env, encoding: 'utf8' });
      git('add', '.');
      git('commit', '-qm', 'two supabase projects');
      const bad = newMigration(root, 'apps/web', 'txn', 'begin;\ncreate table x (id int);\n');
      git('add', '.');
      const run = await runCli(['pre-commit', '--json'], { cwd: root, env: { ...env, DRIFTGATE_SKIP: 'typecheck,schema' } });
      expect(found(run.json().findings)).toContain(`supabase/transaction-control apps/web/supabase/migrations/${bad}`);
      expect(run.code).toBe(1);
    }, 120_000);
  });
});
