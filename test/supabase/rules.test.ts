import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { gitEnv } from '../helpers/git-repo.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';
import { dbPush, supabase, cliUrl, supabaseProject } from '../helpers/supabase-cli.js';

// Each rule's fixture is first run by the real CLI (2.117.0) to show the harm the rule names; then driftgate check
// must report it: rule id, file, line, exit code.

const dirs: string[] = [];
const dbs: { drop(): Promise<void> }[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.drop()));
});

function project(files: Record<string, string>): string {
  const dir = supabaseProject(files);
  dirs.push(dir);
  return dir;
}

async function database() {
  const db = await createTestDatabase('dg_sbrule');
  dbs.push(db);
  return db;
}

async function tables(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const rows = await sql<{ t: string }[]>`select tablename as t from pg_tables where schemaname = 'public' order by 1`;
  const history = await sql<{ v: string }[]>`select version as v from supabase_migrations.schema_migrations order by 1`.catch(() => []);
  await sql.end();
  return [...rows.map((r) => r.t), ...history.map((r) => `history:${r.v}`)];
}

async function check(dir: string) {
  const run = await runCli(['check', '--json'], { cwd: dir });
  const findings = run.json<{ findings: { rule: string; file: string; line?: number; severity: string }[] }>().findings;
  return { code: run.code, stderr: run.stderr, found: findings.map((f) => `${f.severity} ${f.rule} ${f.file}${f.line ? `:${f.line}` : ''}`) };
}

describe('supabase/* static rules, against what the CLI does', () => {
  it('supabase/file-name: the CLI skips the file with a notice and never runs it', async () => {
    const dir = project({ '20240101000000_ok.sql': 'create table ok (id int);\n', 'add-profiles.sql': 'create table profiles (id int);\n', '20240102_teams.SQL': 'create table teams (id int);\n', 'README.md': '# notes\n' });
    const db = await database();
    const up = await supabase(dir, ['migration', 'up', '--db-url', cliUrl(db.url)]);
    expect(up.code).toBe(0);
    expect(up.output).toContain('Skipping migration add-profiles.sql');
    expect(await tables(db.url)).toEqual(['ok', 'history:20240101000000']);
    expect(await check(dir)).toEqual({
      code: 1,
      stderr: '',
      found: ['error supabase/file-name supabase/migrations/20240102_teams.SQL', 'error supabase/file-name supabase/migrations/add-profiles.sql'],
    });
  });

  it('supabase/duplicate-version: db push applies the first and fails on the second', async () => {
    const dir = project({ '20240101000000_profiles.sql': 'create table profiles (id int);\n', '20240101000000_teams.sql': 'create table teams (id int);\n' });
    const db = await database();
    const push = await dbPush(dir, db.url, [], true);
    expect(push.output).toContain('schema_migrations_pkey');
    expect(await tables(db.url)).toEqual(['profiles', 'history:20240101000000']);
    expect((await check(dir)).found).toEqual(['error supabase/duplicate-version supabase/migrations/20240101000000_teams.sql']);
  });

  it('supabase/transaction-control: with COMMIT inside, a failure leaves the statements before it applied and the file unrecorded', async () => {
    const dir = project({
      '20240101000000_half.sql': 'create table before_tx (id int);\nbegin;\ncreate table inside_tx (id int);\ncommit;\ninsert into before_tx values (1/0);\n',
    });
    const db = await database();
    await dbPush(dir, db.url, [], true);
    expect(await tables(db.url)).toEqual(['before_tx', 'inside_tx']); // applied, yet no history row
    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.found).toEqual(['error supabase/transaction-control supabase/migrations/20240101000000_half.sql:2', 'error supabase/transaction-control supabase/migrations/20240101000000_half.sql:4']);
  });

  it('supabase/transaction-control: a BEGIN … COMMIT around the whole file is a warning (still atomic)', async () => {
    const dir = project({ '20240101000000_wrapped.sql': '-- wrapped\nBEGIN;\ncreate table w (id int);\nCOMMIT;\n-- trailing note;\n' });
    const db = await database();
    await dbPush(dir, db.url);
    expect(await tables(db.url)).toEqual(['w', 'history:20240101000000']);
    expect(await check(dir)).toMatchObject({ code: 0, found: ['warn supabase/transaction-control supabase/migrations/20240101000000_wrapped.sql:2'] });
  });

  it('supabase/non-transactional-statement: CONCURRENTLY splits the file into separate transactions; alone in its file it is fine', async () => {
    const dir = project({
      '20240101000000_mixed.sql': 'create table events (id int, at timestamptz);\n\ncreate index concurrently events_at_idx on events (at);\ncreate table later (id int);\ninsert into later values (1/0);\n',
      '20240102000000_alone.sql': '-- its own file\ncreate index concurrently events_id_idx on events (id);\n',
    });
    const db = await database();
    await dbPush(dir, db.url, [], true);
    // The table and index before the failure stay, the rest is rolled back, and nothing is recorded.
    expect(await tables(db.url)).toEqual(['events']);
    expect((await check(dir)).found).toEqual(['error supabase/non-transactional-statement supabase/migrations/20240101000000_mixed.sql:3']);
  });

  it('supabase/out-of-order: a new file older than the newest committed one, which db push then refuses', async () => {
    const dir = project({ '20240101000000_a.sql': 'create table a (id int);\n', '20240301000000_c.sql': 'create table c (id int);\n' });
    const env = gitEnv(mkdtempSync(join(tmpdir(), 'dg-home-')));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'two migrations');
    writeFileSync(join(dir, 'supabase/migrations/20240201000000_b.sql'), 'create table b (id int);\n');
    const db = await database();
    execFileSync('git', ['stash', '-u', '-q'], { cwd: dir, env });
    await dbPush(dir, db.url);
    execFileSync('git', ['stash', 'pop', '-q'], { cwd: dir, env });
    expect((await dbPush(dir, db.url, [], true)).output).toContain('--include-all');
    expect((await check(dir)).found).toEqual(['error supabase/out-of-order supabase/migrations/20240201000000_b.sql']);
    git('add', '.');
    git('commit', '-qm', 'b');
    expect((await check(dir)).found).toEqual([]); // committed now: the hooks judge it when it is new, not forever
  });
});

describe('verify --db on a Supabase folder', () => {
  it('reads the history db push wrote: clean, then an edit after apply fails the run with the file and line', async () => {
    const dir = project({ '20240101000000_profiles.sql': 'create table profiles (id uuid primary key);\n\ncreate index profiles_id on profiles (id);\n' });
    const db = await database();
    await dbPush(dir, db.url);
    const clean = await runCli(['verify', '--db', db.url, '--json'], { cwd: dir });
    expect(clean.stderr).toBe('');
    expect(clean.json().findings).toEqual([]);
    expect(clean.code).toBe(0);
    writeFileSync(join(dir, 'supabase/migrations/20240101000000_profiles.sql'), 'create table profiles (id uuid primary key);\n\ncreate index profiles_id on profiles (id) where id is not null;\n');
    const edited = await runCli(['verify', '--db', db.url, '--json'], { cwd: dir });
    expect(edited.code).toBe(1);
    expect(edited.json().findings.map((f: { rule: string; file: string; line: number }) => `${f.rule} ${f.file}:${f.line}`)).toEqual(['db/edited-after-apply supabase/migrations/20240101000000_profiles.sql:3']);
  });
});

describe('verify with several environments (--db name=URL)', () => {
  it('judges each database on its own and names it in the findings', async () => {
    const dir = project({ '20240101000000_profiles.sql': 'create table profiles (id int);\n' });
    const [staging, prod] = [await database(), await database()];
    await dbPush(dir, prod.url);
    writeFileSync(join(dir, 'supabase/migrations/20240201000000_teams.sql'), 'create table teams (id int);\n');
    await dbPush(dir, staging.url);
    const run = await runCli(['verify', '--db', `staging=${staging.url}`, '--db', `prod=${prod.url}`, '--json'], { cwd: dir });
    expect(run.stderr).toBe('');
    const result = run.json();
    expect(result.findings.map((f: { rule: string; target: string; tag: string }) => `${f.rule} ${f.target} ${f.tag}`)).toEqual(['db/pending supabase/migrations @ prod 20240201000000_teams']);
    expect(result.databases.map((d: { name: string; applied: number; total: number }) => `${d.name} ${d.applied}/${d.total}`)).toEqual(['staging 2/2', 'prod 1/2']);
    expect(run.code).toBe(0); // pending is a warning; --strict makes it an error
  });
});
