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
