import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzleProject } from '../helpers/drizzle-project.js';
import { runCli } from '../helpers/run-cli.js';
import { supabaseProject } from '../helpers/supabase-cli.js';

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
