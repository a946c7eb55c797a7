import postgres from 'postgres';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleV1Project, V1_NODE_MODULES, type DrizzleV1Project } from './helpers/drizzle-v1-project.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

const exec = promisify(execFile);

/** Most pg-core column and constraint kinds, so the conversion of drizzle-kit 1.0's ddl rows (types, defaults,
 * identity, generated, enums in another schema, indexes, FKs, checks, policies, views) meets the real catalog. */
const SCHEMA = `import { pgTable, pgEnum, pgSchema, pgSequence, pgView, pgMaterializedView, pgPolicy, serial, bigserial, text, integer, smallint, bigint, boolean, timestamp, date, uuid, varchar, char, numeric, doublePrecision, json, jsonb, index, uniqueIndex, primaryKey, foreignKey, unique, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
export const other = pgSchema('other');
export const mood = other.enum('mood', ['sad', 'ok', 'happy']);
export const role = pgEnum('role', ['admin', 'user']);
export const seq = pgSequence('my_seq', { startWith: 10, increment: 2 });
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  big: bigserial('big', { mode: 'number' }),
  ident: integer('ident').generatedAlwaysAsIdentity(),
  name: varchar('name', { length: 256 }).notNull().default('x'),
  email: text('email').unique(),
  c: char('c', { length: 3 }),
  n: numeric('n', { precision: 10, scale: 2 }).default('1.50'),
  d: doublePrecision('d').default(1.5),
  si: smallint('si').default(3), bi: bigint('bi', { mode: 'bigint' }).default(sql\`0\`),
  tags: text('tags').array().default(sql\`'{}'::text[]\`),
  nums: integer('nums').array().default([1, 2]),
  ts: timestamp('ts', { withTimezone: true, precision: 3 }).defaultNow(),
  dt: date('dt').defaultNow(),
  u: uuid('u').defaultRandom(),
  j: json('j').default({ a: 1, b: [true, null] }), jb: jsonb('jb').default(sql\`'[]'::jsonb\`),
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
export const v = pgView('v').as((qb) => qb.select({ id: users.id }).from(users));
export const mv = pgMaterializedView('mv').as((qb) => qb.select({ id: users.id }).from(users));
`;
/** The second migration renames the users table and a column (hints answer drizzle-kit's question), so the
 * expected schema exists only by replaying format-9 rename deltas — with the moved indexes, FKs and views. */
const RENAMED = SCHEMA.replace("pgTable('users'", "pgTable('members'").replace("text('low')", "text('lower_name')");
const RENAME_HINTS = [
  { type: 'rename', kind: 'table', from: ['public', 'users'], to: ['public', 'members'] },
  { type: 'rename', kind: 'column', from: ['public', 'members', 'low'], to: ['public', 'members', 'lower_name'] },
];

let project: DrizzleV1Project;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let init: string, renamed: string, age: string;

async function verifyDb(p: DrizzleV1Project) {
  const run = await runCli(['verify', '--db', db.url, '--json', '--no-baseline', '--no-typecheck'], { cwd: p.dir });
  expect(run.stderr).toBe('');
  const doc = run.json<{ findings: { rule: string; tag?: string; severity: string; message: string }[]; databases: { comparedWith?: { tag: string }; tables: number }[] }>();
  return { code: run.code, findings: doc.findings.filter((f) => f.rule.startsWith('db/')), others: doc.findings.filter((f) => !f.rule.startsWith('db/')).map((f) => f.rule), databases: doc.databases };
}

async function withSql(run: (sql: postgres.Sql) => Promise<unknown>) {
  const sql = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    await run(sql);
  } finally {
    await sql.end();
  }
}

beforeAll(async () => {
  db = await createTestDatabase('dg_v1_db');
  project = createDrizzleV1Project();
  init = (await project.generate(SCHEMA, 'init'))!;
  project.write('schema.ts', RENAMED);
  const before = new Set(project.folders());
  await exec(process.execPath, [join(V1_NODE_MODULES, 'drizzle-kit/bin.cjs'), 'generate', '--name', 'rename_users', '--hints', JSON.stringify(RENAME_HINTS)], { cwd: project.dir, timeout: 60_000 });
  renamed = project.folders().find((f) => !before.has(f))!;
  const migrated = await project.migrate(db.url);
  if (!migrated.ok) throw new Error(migrated.output);
});
afterAll(async () => {
  project?.cleanup();
  await db?.drop();
});

describe('verify --db on a drizzle-kit 1.0 folder', () => {
  it('a database migrated by drizzle-orm 1.0 matches the schema replayed from the format-9 snapshots', async () => {
    expect(project.read(`drizzle/${renamed}/migration.sql`)).toContain('ALTER TABLE "users" RENAME TO "members"');
    expect(JSON.parse(project.read(`drizzle/${renamed}/snapshot.json`)).deltas.some((d: { op: string }) => d.op === 'rename')).toBe(true);
    const result = await verifyDb(project);
    expect(result.findings.map((f) => f.rule)).toEqual([]);
    // The database matches; the newest migration's renames are still hazards for the release running meanwhile.
    expect(result.others.sort()).toEqual(['compat/rename-column', 'compat/rename-table']);
    expect(result.code).toBe(1);
    expect(result.databases[0].comparedWith?.tag).toBe(renamed);
    expect(result.databases[0].tables).toBe(3);
  });

  it('a column dropped outside the migrations is db/missing-column (and its index db/missing-index)', async () => {
    await withSql((sql) => sql`alter table members drop column lower_name`);
    try {
      const result = await verifyDb(project);
      expect(result.findings.map((f) => f.rule).sort()).toEqual(['db/missing-column', 'db/missing-index']);
      expect(result.findings.find((f) => f.rule === 'db/missing-column')!.message).toContain('public.members.lower_name does not exist');
      expect(result.code).toBe(1);
    } finally {
      await withSql(async (sql) => {
        await sql`alter table members add column lower_name text`;
        await sql`create unique index users_low_uq on members (lower(lower_name))`;
      });
    }
  });

  it('a generated migration not applied yet is db/pending only: its new column is not reported missing', async () => {
    age = (await project.generate(RENAMED.replace("quote: text('quote')", "age: integer('age'),\n  quote: text('quote')"), 'add_age'))!;
    const result = await verifyDb(project);
    expect(result.findings.map((f) => `${f.rule} ${f.tag ?? '-'}`)).toEqual([`db/pending ${age}`]);
    expect(result.databases[0].comparedWith?.tag).toBe(renamed);
  });

  it('pending by name, edited-after-apply by hash, unknown names', async () => {
    project.write(`drizzle/${init}/migration.sql`, project.read(`drizzle/${init}/migration.sql`) + '\n-- edited after deploy\n');
    await withSql((sql) => sql`insert into drizzle.__drizzle_migrations (hash, created_at, name) values ('abc', 0, '20200101000000_from_another_branch')`);
    const result = await verifyDb(project);
    const rules = result.findings.map((f) => `${f.rule} ${f.tag ?? '-'}`).sort();
    expect(rules).toEqual([`db/edited-after-apply ${init}`, `db/pending ${age}`, 'db/unknown-migration -'].sort());
    expect(result.findings.find((f) => f.rule === 'db/unknown-migration')!.message).toContain('20200101000000_from_another_branch');
    expect(result.code).toBe(1); // edited-after-apply is an error
  });
});
