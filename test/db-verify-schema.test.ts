import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { createTestDatabase, migrateWithDrizzle, execSql } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';
import { withReadOnlyDatabase, DEFAULT_CONNECT_OPTIONS } from '../src/db/postgres-client.js';

/** Every pg-core column type and constraint kind drizzle-kit 0.31 generates for PostgreSQL (no extensions). */
const COVERAGE_SCHEMA = `import { pgTable, pgEnum, pgSchema, pgSequence, pgView, pgMaterializedView, pgPolicy, serial, smallserial, bigserial, text, integer, smallint, bigint, boolean, timestamp, date, time, interval, uuid, varchar, char, numeric, real, doublePrecision, json, jsonb, inet, cidr, macaddr, macaddr8, point, line, index, uniqueIndex, primaryKey, foreignKey, unique, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
export const other = pgSchema('other');
export const mood = other.enum('mood', ['sad', 'ok', 'happy']);
export const role = pgEnum('role', ['admin', 'user']);
export const seq = pgSequence('my_seq', { startWith: 10, increment: 2 });
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  small: smallserial('small'),
  big: bigserial('big', { mode: 'number' }),
  ident: integer('ident').generatedAlwaysAsIdentity(),
  identDefault: bigint('ident_default', { mode: 'number' }).generatedByDefaultAsIdentity(),
  name: varchar('name', { length: 256 }).notNull().default('x'),
  plainVarchar: varchar('plain_varchar'),
  email: text('email').unique(),
  c: char('c', { length: 3 }),
  n: numeric('n', { precision: 10, scale: 2 }).default('1.50'),
  n2: numeric('n2'),
  r: real('r'), d: doublePrecision('d').default(1.5),
  si: smallint('si').default(3), bi: bigint('bi', { mode: 'bigint' }).default(sql\`0\`),
  tags: text('tags').array().default(sql\`'{}'::text[]\`),
  nums: integer('nums').array().default([1, 2]),
  grid: integer('grid').array().array(),
  ts: timestamp('ts', { withTimezone: true, precision: 3 }).defaultNow(),
  ts2: timestamp('ts2').default(sql\`now()\`),
  ts3: timestamp('ts3', { mode: 'string' }).default('2024-01-01 00:00:00'),
  tsExpr: timestamp('ts_expr', { withTimezone: true }).default(sql\`now() + interval '1 day'\`),
  dt: date('dt').defaultNow(), tm: time('tm', { precision: 2, withTimezone: true }), tm2: time('tm2'), iv: interval('iv', { fields: 'day' }),
  u: uuid('u').defaultRandom(),
  j: json('j').default({ a: 1, b: [true, null] }), jb: jsonb('jb').default(sql\`'[]'::jsonb\`), jb2: jsonb('jb2').default({ z: 1, a: 'x' }),
  ip: inet('ip'), cd: cidr('cd'), mac: macaddr('mac'), mac8: macaddr8('mac8'), pt: point('pt'), ln: line('ln'),
  mood: mood('mood').default('ok'), moods: mood('moods').array(), role: role('role').notNull().default('user'),
  b: boolean('b').default(false),
  gen: text('gen').generatedAlwaysAs(sql\`upper(name)\`),
  low: text('low'),
  quote: text('quote').default("it's"),
}, (t) => [
  index('users_name_idx').on(t.name),
  uniqueIndex('users_low_uq').on(sql\`lower(\${t.low})\`),
  index('users_part').on(t.si.desc()).where(sql\`\${t.b} = true\`),
  index('users_multi').on(t.ts.desc().nullsLast(), t.c.asc().nullsFirst()),
  index('users_gin').using('gin', t.jb),
  unique('users_c_u').on(t.c, t.si),
  unique('users_nnd').on(t.plainVarchar).nullsNotDistinct(),
  check('users_si_check', sql\`\${t.si} > 0\`),
]);
export const posts = other.table('posts', {
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  slug: text('slug').notNull(),
  authorEmail: text('author_email'),
}, (t) => [
  primaryKey({ columns: [t.userId, t.slug] }),
  foreignKey({ columns: [t.authorEmail], foreignColumns: [users.email], name: 'posts_author_fk' }).onUpdate('set null'),
]);
export const secrets = pgTable('secrets', { id: integer('id').primaryKey(), owner: text('owner') }, () => [
  pgPolicy('owner_only', { as: 'permissive', for: 'select', to: 'public', using: sql\`owner = current_user\` }),
]).enableRLS();
export const legacy = pgTable('legacy', { id: integer('id') });
// A partial index on a table outside public: drizzle-kit writes "app"."notes"."mood" in the predicate, the catalog
// prints mood IS NOT NULL.
export const app = pgSchema('app');
export const notes = app.table('notes', { id: serial('id').primaryKey(), mood: text('mood') }, (t) => [
  index('notes_mood_idx').on(t.id).where(sql\`\${t.mood} IS NOT NULL\`),
]);
export const v = pgView('v').as((qb) => qb.select({ id: users.id }).from(users));
export const mv = pgMaterializedView('mv').as((qb) => qb.select({ id: users.id }).from(users));
`;

let project: DrizzleProject;
let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  project = createDrizzleProject();
  await project.generate(COVERAGE_SCHEMA);
  db = await createTestDatabase('dgschema');
  await migrateWithDrizzle(db.url, project.out);
});

afterAll(async () => {
  await db?.drop();
  project?.cleanup();
});

const pairs = (json: any) => json.findings.map((f: any) => `${f.rule} ${f.key ?? f.tag}`).sort();

describe('driftgate verify --db: schema vs snapshot', () => {
  it('a schema using every pg-core column type and constraint kind verifies with zero findings, even --strict', async () => {
    const run = await runCli(['verify', '--db', db.url, '--strict'], { cwd: project.dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^database: postgres@127\.0\.0\.1:5432\/dgschema_\S+ \(--db\)\n✓ schema verified: 5 tables, all \d+ columns present, 1\/1 migrations applied — postgres@127\.0\.0\.1:5432\/dgschema_\S+ \(snapshot of 0000_\w+\)\n$/);
    expect(run.code).toBe(0);
  });

  it('the same folder replayed on embedded Postgres compares equal at every step too (partial index outside public included)', async () => {
    const run = await runCli(['verify', '--embedded', '--json'], { cwd: project.dir });
    expect(run.stderr).toBe('');
    expect(run.json().findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('each mutation gives exactly its finding (and --json names rule, key, target)', async () => {
    const twin = await createTestDatabase('dgmut');
    try {
      await migrateWithDrizzle(twin.url, project.out);
      await execSql(
        twin.url,
        `alter table users drop column quote;
         alter table users alter column si type integer;
         alter table users alter column r drop not null; alter table users alter column name drop not null;
         alter table users alter column d set default 2;
         drop index users_name_idx;
         alter table other.posts drop constraint posts_author_fk;
         alter type other.mood add value 'ecstatic';
         alter table users drop constraint users_c_u;
         alter table legacy rename to legacy_renamed;
         alter table secrets disable row level security;`,
      );
      const run = await runCli(['verify', '--db', twin.url, '--json'], { cwd: project.dir });
      expect(run.code).toBe(1);
      const json = run.json();
      expect(pairs(json)).toEqual(
        [
          'db/column-default public.users/column:d',
          'db/column-nullability public.users/column:name',
          'db/column-type public.users/column:si',
          'db/enum-values enum:other.mood',
          'db/missing-column public.users/column:quote',
          'db/missing-foreign-key other.posts/foreign-key:posts_author_fk',
          'db/missing-index public.users/index:users_name_idx',
          'db/missing-table public.legacy',
          'db/missing-unique public.users/unique:users_c_u',
          'db/rls public.secrets/rls:enabled',
        ].sort(),
      );
      expect(new Set(json.findings.map((f: any) => f.target))).toEqual(new Set([`drizzle @ postgres@127.0.0.1:5432/${twin.name}`]));
      expect(json.findings.every((f: any) => f.severity === 'error' && f.fingerprint)).toBe(true);
      // extra objects only with --strict
      const strict = await runCli(['verify', '--db', twin.url, '--json', '--strict'], { cwd: project.dir });
      expect(pairs(strict.json()).filter((p: string) => p.startsWith('db/extra-object'))).toEqual(['db/extra-object public.legacy_renamed']);
      // the human report: a per-table table of differences
      const pretty = await runCli(['verify', '--db', twin.url], { cwd: project.dir });
      expect(pretty.stdout).toContain('compared with the snapshot of 0000_');
      expect(pretty.stdout).toMatch(/✖ public\.users +column d +column public\.users\.d has default 2, snapshot of 0000_\w+ says 1\.5 +db\/column-default/);
      expect(pretty.stdout).toMatch(/✖ +column quote +column public\.users\.quote does not exist \(text\) +db\/missing-column/);
      expect(pretty.stdout).toMatch(/\n✖ verify: 10 errors/);
    } finally {
      await twin.drop();
    }
  });

  it("driftgate's connection is read-only: a write through it fails", async () => {
    await expect(
      withReadOnlyDatabase(db.url, DEFAULT_CONNECT_OPTIONS, (client) => client.query('create table driftgate_was_here (id int)')),
    ).rejects.toThrow(/read-only transaction/);
    await expect(
      withReadOnlyDatabase(db.url, DEFAULT_CONNECT_OPTIONS, (client) => client.query(`insert into drizzle.__drizzle_migrations (hash, created_at) values ('x', 1)`)),
    ).rejects.toThrow(/read-only transaction/);
    const rows = await withReadOnlyDatabase(db.url, DEFAULT_CONNECT_OPTIONS, (client) => client.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations'));
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('never prints the password of the URL, in text or JSON', async () => {
    const url = db.url.replace('postgres@', 'postgres:Sup3r%24ecretPw@');
    for (const extra of [[], ['--json']]) {
      const run = await runCli(['verify', '--db', url, ...extra], { cwd: project.dir });
      expect(run.code).toBe(0);
      expect(run.stdout + run.stderr).not.toMatch(/Sup3r|ecretPw/);
    }
    const missing = await runCli(['verify', '--db', url.replace(db.name, 'no_such_db_x'), '--debug'], { cwd: project.dir });
    expect(missing.code).toBe(2);
    expect(missing.stdout + missing.stderr).not.toMatch(/Sup3r|ecretPw/);
  });
});
