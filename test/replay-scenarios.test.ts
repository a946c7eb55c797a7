import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, SCHEMA_IMPORTS, type DrizzleProject } from './helpers/drizzle-project.js';
import { generateWithRename } from './helpers/generate-rename.js';
import { runCli } from './helpers/run-cli.js';

/** `driftgate verify --embedded` on folders made by the real drizzle-kit: each replay starts a fresh embedded
 * Postgres, applies the folder with the project's drizzle-orm migrator and compares every step with its snapshot. */
const verifyEmbedded = (p: DrizzleProject) => runCli(['verify', '--embedded', '--json'], { cwd: p.dir, env: { DATABASE_URL: '' } });
const rules = (json: any) => json.findings.map((f: any) => f.rule);

const users = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email').notNull() });\n`;
const usersRenamed = `export const users = pgTable('users', { id: serial('id').primaryKey(), fullName: text('full_name'), email: text('email').notNull() });\n`;
const posts = `export const posts = pgTable('posts', { id: serial('id').primaryKey(), userId: integer('user_id').references(() => users.id), title: text('title').notNull(), slug: text('slug') }, (t) => [index('posts_slug_idx').on(t.slug)]);\n`;

describe('replay: clean history with a data backfill and a rename', () => {
  let p: DrizzleProject;
  let renameTag: string;
  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(users, 'init');
    await p.custom('backfill', `INSERT INTO "users" ("name", "email") VALUES ('Ada', 'ada@example.com');--> statement-breakpoint\nUPDATE "users" SET "name" = upper("name") WHERE "name" IS NOT NULL;`);
    renameTag = await generateWithRename(p.dir, SCHEMA_IMPORTS + usersRenamed, 'rename_name');
    await p.generate(usersRenamed + posts, 'posts');
  });
  afterAll(() => p?.cleanup());

  it('passes: every migration produces its snapshot, including the rename', async () => {
    expect(p.read(`drizzle/${renameTag}.sql`)).toContain('RENAME COLUMN "name" TO "full_name"');
    const run = await verifyEmbedded(p);
    expect(run.stderr).toBe('');
    expect(rules(run.json())).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a rename edited by hand (no generator check can judge it) is caught by the replay', async () => {
    const original = p.read(`drizzle/${renameTag}.sql`);
    p.write(`drizzle/${renameTag}.sql`, original.replace('"full_name"', '"fullname"'));
    try {
      const run = await verifyEmbedded(p);
      const json = run.json();
      expect(run.code).toBe(1);
      const diverges = json.findings.filter((f: any) => f.rule === 'replay/diverges');
      expect(diverges).toHaveLength(1);
      expect(diverges[0].file).toBe(`drizzle/${renameTag}.sql`);
      expect(diverges[0].tag).toBe(renameTag);
      expect(diverges[0].message).toContain('users.full_name');
    } finally {
      p.write(`drizzle/${renameTag}.sql`, original);
    }
  });
});

describe('replay: hand-edited generated SQL', () => {
  let p: DrizzleProject;
  let tag: string;
  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(users, 'init');
    tag = (await p.generate(users + posts, 'add_posts'))!;
    await p.generate(users.replace("email: text('email').notNull()", "email: text('email').notNull(), bio: text('bio')") + posts, 'bio');
    // drop the index statement from the generated SQL
    const sql = p.read(`drizzle/${tag}.sql`);
    p.write(`drizzle/${tag}.sql`, sql.split('--> statement-breakpoint').filter((s) => !s.includes('CREATE INDEX')).join('--> statement-breakpoint'));
  });
  afterAll(() => p?.cleanup());

  it('names the migration whose SQL does not produce its snapshot, with the difference, once (later steps that still show it stay quiet)', async () => {
    const run = await verifyEmbedded(p);
    expect(run.code).toBe(1);
    const found = run.json().findings.filter((f: any) => f.rule.startsWith('replay/'));
    expect(found.map((f: any) => [f.rule, f.tag, f.file])).toEqual([['replay/diverges', tag, `drizzle/${tag}.sql`]]);
    expect(found[0].message).toContain('posts_slug_idx');
    expect(found[0].message).toContain('missing; the snapshot has it');
  });
});

describe('replay: a failing statement and a BEGIN/COMMIT migration', () => {
  let p: DrizzleProject;
  let bad: string;
  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(users, 'init');
    await p.custom('tx', `BEGIN;\nUPDATE "users" SET "name" = 'x' WHERE "name" IS NULL;\nCOMMIT;`);
    bad = await p.custom('broken', `ALTER TABLE "users" ADD COLUMN "age" integer;--> statement-breakpoint\n\nUPDATE "users"\n  SET "nme" = 'a';`);
    await p.generate(users + posts, 'posts');
  });
  afterAll(() => p?.cleanup());

  it('replay/failed reports the statement, the Postgres error and file:line; BEGIN/COMMIT replays', async () => {
    const run = await verifyEmbedded(p);
    expect(run.code).toBe(1);
    const json = run.json();
    const failed = json.findings.filter((f: any) => f.rule === 'replay/failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].file).toBe(`drizzle/${bad}.sql`);
    expect(failed[0].line).toBe(4);
    expect(failed[0].message).toContain('column "nme" of relation "users" does not exist');
    expect(failed[0].message).toContain('UPDATE "users" SET "nme"');
    expect(failed[0].message).toContain('fails on a clean database even on its own');
    // the replay went on: the later migration was applied and compared (the failing statement left out)
    expect(json.replays[0]).toMatchObject({ applied: 4, total: 4 });
    expect(json.findings.filter((f: any) => f.rule === 'replay/diverges')).toEqual([]);
    // the BEGIN/COMMIT migration is a static error, but it replays: no failure is attributed to it
    expect(rules(json)).toContain('sql/transaction-control');
    expect(json.findings.filter((f: any) => f.rule.startsWith('replay/') && f.tag?.endsWith('_tx'))).toEqual([]);
  });
});

describe('replay: a folder drizzle could not migrate at all', () => {
  let p: DrizzleProject;
  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(users, 'init');
    const tag = (await p.generate(users + posts, 'posts'))!;
    const { rmSync } = await import('node:fs');
    rmSync(`${p.out}/${tag}.sql`);
  });
  afterAll(() => p?.cleanup());

  it('a missing SQL file: the static finding, the replay skipped with a note, no stack trace', async () => {
    const run = await runCli(['verify', '--embedded'], { cwd: p.dir, env: { DATABASE_URL: '' } });
    expect(run.stdout).toContain('journal/missing-sql');
    expect(run.stdout).toContain('embedded replay skipped: 1 journal entry has no SQL file');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });
});
