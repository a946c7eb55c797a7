import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from '../helpers/drizzle-project.js';
import { createTestDatabase, execSql, migrateWithDrizzle } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';

// verify --db sizes each table the safety rules judge from the database itself: a table with rows is named with
// its size, an empty one is skipped (its lock lasts no time, it has no rows to fail on).
const USERS = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n`;
const POSTS = `export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title') });\n`;

describe('verify --db: the safety rules use the real table sizes', () => {
  let p: DrizzleProject;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let tag: string;
  beforeAll(async () => {
    p = createDrizzleProject();
    db = await createTestDatabase('dg_safety');
    await p.generate(USERS + POSTS, 'init');
    await migrateWithDrizzle(db.url, p.out);
    await execSql(db.url, `insert into users (name) select 'user ' || g from generate_series(1, 5000) g; analyze users;`);
    tag = (await p.generate(USERS.replace(" });\n", " }, (t) => [index('users_name_idx').on(t.name)]);\n") + POSTS.replace(" });\n", " }, (t) => [index('posts_title_idx').on(t.title)]);\n"), 'indexes'))!;
  });
  afterAll(async () => {
    await db?.drop();
    p?.cleanup();
  });

  it('names the size of a table with rows and skips the empty one', async () => {
    const run = await runCli(['verify', '--db', db.url, '--json', '--no-baseline'], { cwd: p.dir, timeoutMs: 60_000, env: { DRIFTGATE_SKIP: 'typecheck,schema' } });
    const findings = run.json().findings as any[];
    const locks = findings.filter((f) => f.rule === 'lock/create-index');
    const lineOf = (name: string) => p.read(`drizzle/${tag}.sql`).split('\n').findIndex((l) => l.includes(name)) + 1;
    expect(locks.map((f) => [f.tag, f.file, f.line])).toEqual([[tag, `drizzle/${tag}.sql`, lineOf('"users_name_idx"')]]);
    expect(locks[0].message).toContain('`CREATE INDEX "users_name_idx"');
    expect(locks[0].message).toMatch(/builds an index on public\.users, which existed before this deploy \(\d+ kB, ~5 k rows\): takes SHARE on public\.users/);
    // static check without a database cannot know posts is empty: it reports both
    const check = await runCli(['check', '--json', '--no-baseline'], { cwd: p.dir });
    expect((check.json().findings as any[]).filter((f) => f.rule === 'lock/create-index').map((f) => f.line).sort()).toEqual([lineOf('"posts_title_idx"'), lineOf('"users_name_idx"')].sort());
  });
});
