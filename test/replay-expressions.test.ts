import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { createTestDatabase, execSql, migrateWithDrizzle } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

/** Policy USING / WITH CHECK and view SELECTs compared by meaning: the replay has its own Postgres print the
 * snapshot's text (parentheses count), verify --db normalises both texts. Fixtures by the real drizzle-kit. */
const SCHEMA = `import { pgTable, serial, text, integer, pgPolicy, pgView } from 'drizzle-orm/pg-core';
import { sql, gt } from 'drizzle-orm';
export const posts = pgTable('posts', { id: serial('id').primaryKey(), owner: integer('owner').notNull(), title: text('title'), score: integer('score') }, (t) => [
  pgPolicy('owner_reads', { for: 'select', using: sql\`\${t.owner} = 1 AND (\${t.score} > 0 OR \${t.title} IS NOT NULL)\` }),
  pgPolicy('owner_writes', { for: 'insert', withCheck: sql\`\${t.owner} IN (1, 2) AND \${t.title} != 'x'\` }),
]);
export const goodPosts = pgView('good_posts').as((qb) => qb.select().from(posts).where(gt(posts.score, 10)));
export const rawView = pgView('raw_view', { id: integer('id'), title: text('title') }).as(sql\`select id, title from posts where score > 5\`);
`;

const verifyEmbedded = (p: DrizzleProject) => runCli(['verify', '--embedded', '--json', '--skip', 'schema,typecheck'], { cwd: p.dir, env: { DATABASE_URL: '' } });
const verifyDb = (p: DrizzleProject, url: string) => runCli(['verify', '--db', url, '--json', '--skip', 'schema,typecheck'], { cwd: p.dir });
const ruleTags = (json: any) => json.findings.filter((f: any) => /^(replay|db)\//.test(f.rule)).map((f: any) => [f.rule, f.severity, f.tag]);

const GENERATED = {
  reads: `USING ("posts"."owner" = 1 AND ("posts"."score" > 0 OR "posts"."title" IS NOT NULL))`,
  writes: `WITH CHECK ("posts"."owner" IN (1, 2) AND "posts"."title" != 'x')`,
  good: `where "posts"."score" > 10`,
  raw: `select id, title from posts where score > 5`,
};

describe('policy expressions and view definitions: meaning, not spelling', () => {
  let p: DrizzleProject;
  let tag: string;
  let sqlFile: string;
  let original: string;
  const edit = (pairs: [string, string][]) => {
    let text = original;
    for (const [from, to] of pairs) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    p.write(sqlFile, text);
  };
  beforeAll(async () => {
    p = createDrizzleProject();
    tag = (await p.generate(SCHEMA, 'init'))!;
    sqlFile = `drizzle/${tag}.sql`;
    original = p.read(sqlFile);
  });
  afterAll(() => p?.cleanup());

  it('the generated history replays clean', async () => {
    for (const text of Object.values(GENERATED)) expect(original).toContain(text);
    const run = await verifyEmbedded(p);
    expect(run.stderr).toBe('');
    expect(ruleTags(run.json())).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('replay: a policy USING whose parentheses change its meaning is replay/diverges, with the tag', async () => {
    edit([[GENERATED.reads, `USING ("posts"."owner" = 1 AND "posts"."score" > 0 OR "posts"."title" IS NOT NULL)`]]);
    try {
      const run = await verifyEmbedded(p);
      expect(run.stderr).toBe('');
      const json = run.json();
      expect(ruleTags(json)).toEqual([['replay/diverges', 'error', tag]]);
      expect(json.findings[0].file).toBe(sqlFile);
      expect(json.findings[0].message).toContain('policy owner_reads on public.posts has USING (((owner = 1) AND (score > 0)) OR (title IS NOT NULL))');
      expect(run.code).toBe(1);
    } finally {
      p.write(sqlFile, original);
    }
  });

  it('replay: a view whose WHERE differs is replay/diverges, with the tag', async () => {
    edit([[GENERATED.raw, `select id, title from posts where score > 50`]]);
    try {
      const run = await verifyEmbedded(p);
      expect(run.stderr).toBe('');
      const json = run.json();
      expect(ruleTags(json)).toEqual([['replay/diverges', 'error', tag]]);
      expect(json.findings[0].message).toMatch(/view public\.raw_view is defined as SELECT id, title FROM public\.posts WHERE score > 50, its snapshot defines SELECT id, title FROM public\.posts WHERE score > 5\b/);
      expect(run.code).toBe(1);
    } finally {
      p.write(sqlFile, original);
    }
  });

  it('replay: the same meaning spelled otherwise (parentheses, = ANY, <>, unqualified names) is no finding', async () => {
    edit([
      [GENERATED.reads, `USING ((owner = 1) AND ((score > 0) OR (title IS NOT NULL)))`],
      [GENERATED.writes, `WITH CHECK (owner = ANY (ARRAY[1, 2]) AND (title <> 'x'))`],
      [GENERATED.good, `WHERE (score > 10)`],
      [GENERATED.raw, `SELECT posts.id, posts.title FROM public.posts WHERE (posts.score > 5)`],
    ]);
    try {
      const run = await verifyEmbedded(p);
      expect(run.stderr).toBe('');
      expect(ruleTags(run.json())).toEqual([]);
      expect(run.code).toBe(0);
    } finally {
      p.write(sqlFile, original);
    }
  });

  it('verify --db: a policy or view changed on the server is db/rls / db/missing-view; a re-spelled one is not', async () => {
    const db = await createTestDatabase('dgreplayexpr');
    try {
      await migrateWithDrizzle(db.url, p.out);
      const clean = await verifyDb(p, db.url);
      expect(clean.stderr).toBe('');
      expect(ruleTags(clean.json())).toEqual([]);

      // same meaning, other spelling: what a DBA re-creating them by hand would write
      await execSql(db.url, `ALTER POLICY owner_writes ON posts WITH CHECK ((owner = ANY (ARRAY[1, 2])) AND (title <> 'x'));
        CREATE OR REPLACE VIEW raw_view AS SELECT posts.id, posts.title FROM posts WHERE (posts.score > 5);`);
      const respelled = await verifyDb(p, db.url);
      expect(ruleTags(respelled.json())).toEqual([]);
      expect(respelled.code).toBe(0);

      await execSql(db.url, `ALTER POLICY owner_reads ON posts USING (owner = 2 AND (score > 0 OR title IS NOT NULL));
        CREATE OR REPLACE VIEW good_posts AS SELECT id, owner, title, score FROM posts WHERE score > 100;`);
      const changed = await verifyDb(p, db.url);
      expect(changed.stderr).toBe('');
      const json = changed.json();
      expect(ruleTags(json)).toEqual([
        ['db/missing-view', 'error', undefined],
        ['db/rls', 'error', undefined],
      ]);
      const messages = json.findings.map((f: any) => f.message).join('\n');
      expect(messages).toContain('policy owner_reads on public.posts has USING ((owner = 2) AND ((score > 0) OR (title IS NOT NULL)))');
      expect(messages).toContain('view public.good_posts is defined as');
      expect(changed.code).toBe(1);
    } finally {
      await db.drop();
    }
  });
});

/** A step reads enums, sequences and views only when its SQL can touch them (src/embedded/focus.ts othersInFocus):
 * each of these hand edits must still be reported at its own migration. */
describe('enums, sequences and views made or renamed by hand: each at its own migration', () => {
  let p: DrizzleProject;
  const tags: string[] = [];
  const schema = (extra = '') => `import { pgTable, serial, text, integer, pgView } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name')${extra} });
export const named = pgView('named_users', { id: integer('id') }).as(sql\`select id from users where name is not null\`);
`;
  beforeAll(async () => {
    p = createDrizzleProject();
    for (const [extra, name] of [['', 'init'], [', email: text(\'email\')', 'email'], [', email: text(\'email\'), age: integer(\'age\')', 'age']] as const) {
      tags.push((await p.generate(schema(extra), name))!);
    }
  });
  afterAll(() => p?.cleanup());

  it('an enum and a sequence appended to generated migrations, a view renamed with ALTER TABLE: three replay/diverges', async () => {
    const files = tags.map((t) => `drizzle/${t}.sql`);
    const originals = files.map((f) => p.read(f));
    p.write(files[0], `${originals[0]}\n--> statement-breakpoint\nCREATE TYPE "public"."mood" AS ENUM('ok');`);
    p.write(files[1], `${originals[1]}\n--> statement-breakpoint\nCREATE SEQUENCE "public"."counter";`);
    p.write(files[2], `${originals[2]}\n--> statement-breakpoint\nALTER TABLE "named_users" RENAME TO "renamed_users";`);
    try {
      const run = await verifyEmbedded(p);
      expect(run.stderr).toBe('');
      const json = run.json();
      const diverges = json.findings.filter((f: any) => f.rule === 'replay/diverges');
      expect(diverges.map((f: any) => f.tag)).toEqual(tags);
      expect(diverges[0].message).toContain('leaves the database with enum mood, which the snapshot does not have');
      expect(diverges[1].message).toContain('leaves the database with sequence counter, which the snapshot does not have');
      expect(diverges[2].message).toContain('leaves view named_users missing');
      expect(diverges[2].message).toContain('view renamed_users, which the snapshot does not have');
      expect(run.code).toBe(1);
    } finally {
      files.forEach((f, i) => p.write(f, originals[i]));
    }
  });
});
