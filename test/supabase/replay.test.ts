import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject } from '../helpers/drizzle-project.js';
import { runCli } from '../helpers/run-cli.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { dbPush, supabaseProject } from '../helpers/supabase-cli.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const summary = (findings: { rule: string; file?: string; line?: number; message: string }[]) => findings.map((f) => `${f.rule} ${f.file}${f.line ? `:${f.line}` : ''}`);

describe('verify without a database: the Supabase folder replayed on embedded Postgres', () => {
  it('reports the first failing file with its line, as db push on a fresh database would stop there', async () => {
    const dir = supabaseProject({
      '20240101000000_profiles.sql': 'create table profiles (id int primary key);\n',
      '20240102000000_broken.sql': '-- adds teams\ncreate table teams (id int);\n\nalter table teams\n  add column owner int references profile (id);\n',
      '20240103000000_after.sql': "create table later (id int);\ninsert into later values (1),\n  ('x');\n",
    });
    dirs.push(dir);
    const run = await runCli(['verify', '--json'], { cwd: dir });
    const result = run.json();
    // Postgres gives no position for a missing referenced table: the line is the failing statement's.
    expect(summary(result.findings.filter((f: { severity: string }) => f.severity === 'error'))).toEqual(['replay/failed supabase/migrations/20240102000000_broken.sql:4']);
    expect(result.findings[0].message).toContain('relation "profile" does not exist');
    expect(run.code).toBe(1);
  });

  it('a Drizzle schema and Supabase SQL that disagree are reported point by point, naming each side', async () => {
    const drizzle = createDrizzleProject();
    dirs.push(drizzle.dir);
    await drizzle.generate(`export const role = pgEnum('role', ['admin', 'member']);
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 255 }).notNull().unique(),
  role: role('role').default('member').notNull(),
  createdAt: timestamp('created_at').defaultNow().notNull(),
}, (t) => [index('users_created_idx').on(t.createdAt)]);
export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: integer('author_id').notNull().references(() => users.id), title: text('title').notNull() });`);
    // The SQL production ran: email is text and nullable, no created_at index, role lacks 'member' (and the default),
    // posts never made it, RLS is on for users, and an extra audit table.
    mkdirSync(join(drizzle.dir, 'supabase', 'migrations'), { recursive: true });
    writeFileSync(
      join(drizzle.dir, 'supabase/migrations/20240101000000_init.sql'),
      `create type role as enum ('admin');
create table users (id serial primary key, email text unique, role role not null, created_at timestamp default now() not null);
create table audit (id bigint);
alter table audit enable row level security;
alter table users enable row level security;
`,
    );
    const run = await runCli(['verify', '--embedded', '--json'], { cwd: drizzle.dir, env: { DRIFTGATE_SKIP: 'typecheck,schema' } });
    const mismatches = run.json().findings.filter((f: { rule: string }) => f.rule === 'supabase/schema-mismatch');
    const keys = mismatches.map((f: { key: string }) => f.key).sort();
    expect(keys).toEqual(
      [
        'db/column-default:public.users/column:role',
        'db/column-nullability:public.users/column:email',
        'db/column-type:public.users/column:email',
        'db/enum-values:enum:public.role',
        'db/extra-object:public.audit',
        // the SQL's inline UNIQUE is named users_email_key; drizzle-kit names it users_email_unique
        'db/extra-object:public.users/unique:users_email_key',
        'db/missing-unique:public.users/unique:users_email_unique',
        'db/missing-index:public.users/index:users_created_idx',
        'db/missing-table:public.posts',
        'db/rls:public.users/rls:enabled',
      ].sort(),
    );
    const message = mismatches.find((f: { key: string }) => f.key === 'db/column-type:public.users/column:email').message;
    expect(message).toMatch(/the Supabase migrations \(supabase\/migrations\) and the Drizzle snapshot drizzle\/meta\/0000_snapshot\.json disagree: column public\.users\.email is text, .* says character varying\(255\)/);
    expect(run.code).toBe(1);
  }, 180_000);
});

describe('replay/failed line numbers', () => {
  it('points at the line of the error position inside a multi-line statement', async () => {
    const dir = supabaseProject({
      '20240101000000_later.sql': "-- a table\ncreate table later (id int);\n\ninsert into later values (1),\n  ('x');\n",
    });
    dirs.push(dir);
    const run = await runCli(['verify', '--json'], { cwd: dir });
    const failed = run.json().findings.filter((f: { rule: string }) => f.rule === 'replay/failed');
    expect(summary(failed)).toEqual(['replay/failed supabase/migrations/20240101000000_later.sql:5']);
    expect(failed[0].message).toContain('invalid input syntax for type integer');
  });
});

describe('an extension the embedded Postgres lacks (moddatetime: the local server has it, PGlite does not)', () => {
  const files = {
    '20240101000000_notes.sql': `create extension if not exists moddatetime;
create table notes (id int primary key, updated_at timestamptz);
create trigger notes_touch before update on notes
  for each row execute function moddatetime(updated_at);
create table tags (id int primary key);
`,
    '20240102000000_audit.sql': 'create table audit (id int, note_id int references notes (id));\n',
  };
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase('dg_sbskip');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('skips and counts only the statements that need it, applies the rest, and names the count in replay/unsupported', async () => {
    const dir = supabaseProject(files);
    dirs.push(dir);
    await dbPush(dir, db.url); // the real CLI applies the history: it is valid where moddatetime exists
    const run = await runCli(['verify', '--embedded', '--json'], { cwd: dir });
    const result = run.json();
    expect(summary(result.findings.filter((f: { rule: string }) => /^replay\//.test(f.rule)))).toEqual(['replay/unsupported supabase/migrations/20240101000000_notes.sql']);
    expect(result.findings[0].message).toContain('1 statement that uses it was skipped (the first: 20240101000000_notes.sql line 3)');
    expect(result.replays[0]).toMatchObject({ applied: 2, total: 2 });
    expect(run.code).toBe(0);
  }, 120_000);

  it('a later statement that fails on its own still stops the replay as an error, at its file and line', async () => {
    const dir = supabaseProject({ ...files, '20240103000000_broken.sql': 'alter table tags\n  add column owner int references owners (id);\n' });
    dirs.push(dir);
    const cli = await dbPush(dir, db.url, [], true); // the real CLI stops at that file too
    expect(cli.output).toContain('relation "owners" does not exist');
    const run = await runCli(['verify', '--embedded', '--json'], { cwd: dir });
    const failed = run.json().findings.filter((f: { rule: string }) => f.rule === 'replay/failed');
    expect(summary(failed)).toEqual(['replay/failed supabase/migrations/20240103000000_broken.sql:1']);
    expect(failed[0].severity).toBe('error');
    expect(run.code).toBe(1);
  }, 120_000);

  it('a statement that needs a skipped one is skipped too, and counted with it (pgmq: the local server has no oracle)', async () => {
    const dir = supabaseProject({
      '20240101000000_queues.sql': `create extension if not exists pgmq;
create function enqueue() returns void language sql as $$ select pgmq.send('jobs', '{}'::jsonb) $$;
grant execute on function enqueue() to authenticated;
create table jobs (id int primary key);
`,
      '20240102000000_more.sql': 'alter table jobs add column done boolean;\nalter table jobs add column owner int references users (id);\n',
    });
    dirs.push(dir);
    const run = await runCli(['verify', '--embedded', '--json'], { cwd: dir });
    const result = run.json();
    const unsupported = result.findings.find((f: { rule: string }) => f.rule === 'replay/unsupported');
    // the SQL function fails for pgmq's schema, the GRANT for the function never created: 2 skipped
    expect(unsupported.message).toContain('2 statements that use it were skipped (the first: 20240101000000_queues.sql line 2)');
    // the rest applied: the missing users table of the second file is the migration's own error, at its line
    expect(summary(result.findings.filter((f: { rule: string }) => f.rule === 'replay/failed'))).toEqual(['replay/failed supabase/migrations/20240102000000_more.sql:2']);
    expect(run.code).toBe(1);
  }, 120_000);
});
