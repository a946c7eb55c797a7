import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookRepoFactory } from './helpers/git-repo.js';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { createTestDatabase, migrateWithDrizzle } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

/** The embedded replay on histories made by the real drizzle-kit, one per row of the issue's table that is about
 * the flow and the comparison: it replays the whole history and reports each problem under its own migration. */
const verifyEmbedded = (p: DrizzleProject) => runCli(['verify', '--embedded', '--json'], { cwd: p.dir, env: { DATABASE_URL: '' } });
const replayFindings = (json: any) => json.findings.filter((f: any) => f.rule.startsWith('replay/') || f.rule.startsWith('db/')).map((f: any) => [f.rule, f.severity, f.tag]);

const badges = (extra = '') => `export const badges = pgTable('badges', { id: serial('id').primaryKey(), label: text('label').notNull()${extra} });\n`;

describe('replay: an enum value added by one migration and used by the next (55P04)', () => {
  let p: DrizzleProject;
  let addTag: string;
  let useTag: string;
  const schema = (values: string, def: string) =>
    `export const status = pgEnum('status', [${values}]);\nexport const tasks = pgTable('tasks', { id: serial('id').primaryKey(), status: status('status').notNull().default(${def}) });\n`;
  beforeAll(async () => {
    p = createDrizzleProject();
    const init = (await p.generate(schema(`'open', 'done'`, `'open'`), 'init'))!;
    // drizzle-kit before 0.30 wrapped CREATE TYPE in a DO block (the corpus is full of them). The block's exception
    // handler is a subtransaction, so Postgres no longer treats the type as created by the running transaction and
    // refuses a value added later in that same transaction: what a fresh database hits with drizzle's one-transaction
    // migrator. The 0.31 kit writes the plain statement; put it in the older kit's form.
    const created = `CREATE TYPE "public"."status" AS ENUM('open', 'done');`;
    expect(p.read(`drizzle/${init}.sql`)).toContain(created);
    p.write(`drizzle/${init}.sql`, p.read(`drizzle/${init}.sql`).replace(created, () => `DO $$ BEGIN\n ${created}\nEXCEPTION\n WHEN duplicate_object THEN null;\nEND $$;`));
    addTag = (await p.generate(schema(`'open', 'done', 'archived'`, `'open'`), 'add_archived'))!;
    useTag = (await p.generate(schema(`'open', 'done', 'archived'`, `'archived'`), 'default_archived'))!;
    await p.generate(schema(`'open', 'done', 'archived'`, `'archived'`) + badges(), 'badges');
  });
  afterAll(() => p?.cleanup());

  it('replay/failed at the migration that uses the value, then every migration replayed one at a time', async () => {
    expect(p.read(`drizzle/${addTag}.sql`)).toContain(`ADD VALUE 'archived'`);
    const run = await verifyEmbedded(p);
    expect(run.stderr).toBe('');
    const json = run.json();
    expect(replayFindings(json)).toEqual([['replay/failed', 'error', useTag]]);
    const [failed] = json.findings.filter((f: any) => f.rule === 'replay/failed');
    expect(failed.file).toBe(`drizzle/${useTag}.sql`);
    expect(failed.message).toContain('unsafe use of new value "archived"');
    expect(failed.message).toContain('[55P04]');
    expect(failed.message).toContain('ONE transaction');
    expect(json.replays).toEqual([{ target: 'drizzle @ embedded', applied: 4, total: 4, compared: 4, durationMs: expect.any(Number) }]);
    expect(run.code).toBe(1);
  });
});

describe('replay and verify --db: CHECKs printed differently, a UNIQUE folded into the primary key', () => {
  let p: DrizzleProject;
  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(
      `export const items = pgTable('items', {
  id: text('id').primaryKey().unique(),
  type: varchar('type', { length: 20 }).notNull(),
  rating: integer('rating'),
  name: text('name'),
}, (t) => [
  check('type_not_text', sql\`\${t.type} != 'text'\`),
  check('type_known', sql\`\${t.type} IN ('a', 'b', 'text')\`),
  check('type_not_x', sql\`\${t.type} NOT IN ('x', 'y')\`),
  check('rating_range', sql\`\${t.rating} BETWEEN 1 AND 5\`),
  check('name_length', sql\`LENGTH(\${t.name}) <= 200\`),
  check('name_like', sql\`\${t.name} LIKE 'n%'\`),
]);\n`,
      'init',
    );
  });
  afterAll(() => p?.cleanup());

  it('the replay reports no divergence; the folded UNIQUE is explained as info', async () => {
    const sql = p.read(`drizzle/${p.journal().entries[0].tag}.sql`);
    expect(sql).toContain('"items_id_unique" UNIQUE("id")');
    expect(sql).toContain(`"type_not_text" CHECK ("items"."type" != 'text')`);
    const run = await verifyEmbedded(p);
    expect(run.stderr).toBe('');
    const json = run.json();
    expect(replayFindings(json)).toEqual([['db/missing-unique', 'info', undefined]]);
    expect(json.findings.find((f: any) => f.rule === 'db/missing-unique').message).toContain('folds a UNIQUE on the primary-key columns into the primary key');
    expect(run.code).toBe(0);
  });

  it('verify --db on a real Postgres migrated by drizzle-orm: no db/* error either', async () => {
    const db = await createTestDatabase('dgcmp');
    try {
      await migrateWithDrizzle(db.url, p.out);
      const run = await runCli(['verify', '--db', db.url, '--json', '--skip', 'schema,typecheck'], { cwd: p.dir });
      expect(run.stderr).toBe('');
      expect(replayFindings(run.json())).toEqual([['db/missing-unique', 'info', undefined]]);
      expect(run.code).toBe(0);
    } finally {
      await db.drop();
    }
  });
});

describe('replay: every divergent migration, and what a migration adds beyond its snapshot', () => {
  let p: DrizzleProject;
  let extraTag: string;
  let droppedTag: string;
  let laterTag: string;
  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email') });\n`, 'init');
    extraTag = (await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email') });\n` + badges(), 'badges'))!;
    droppedTag = (await p.generate(
      `export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email') }, (t) => [index('users_email_idx').on(t.email)]);\n` + badges(),
      'email_idx',
    ))!;
    laterTag = (await p.generate(
      `export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email'), name: text('name') }, (t) => [index('users_email_idx').on(t.email)]);\n` + badges(),
      'name',
    ))!;
  });
  afterAll(() => p?.cleanup());

  it('a column appended by hand to a generated migration is replay/diverges', async () => {
    const original = p.read(`drizzle/${extraTag}.sql`);
    p.write(`drizzle/${extraTag}.sql`, `${original}\nALTER TABLE "badges" ADD COLUMN "color" text;`);
    try {
      const run = await verifyEmbedded(p);
      expect(run.stderr).toBe('');
      const json = run.json();
      expect(replayFindings(json)).toEqual([['replay/diverges', 'error', extraTag]]);
      const [diverges] = json.findings;
      expect(diverges.file).toBe(`drizzle/${extraTag}.sql`);
      expect(diverges.message).toContain('leaves the database with badges.color, which the snapshot does not have');
      expect(run.code).toBe(1);
    } finally {
      p.write(`drizzle/${extraTag}.sql`, original);
    }
  });

  it('two hand-edited migrations: two replay/diverges, each with its tag; a later clean one is still compared', async () => {
    const extra = p.read(`drizzle/${extraTag}.sql`);
    const dropped = p.read(`drizzle/${droppedTag}.sql`);
    p.write(`drizzle/${extraTag}.sql`, `${extra}\nALTER TABLE "badges" ADD COLUMN "color" text;`);
    p.write(`drizzle/${droppedTag}.sql`, '-- the index statement was removed by hand\nSELECT 1;');
    try {
      const run = await verifyEmbedded(p);
      const json = run.json();
      expect(replayFindings(json)).toEqual([
        ['replay/diverges', 'error', extraTag],
        ['replay/diverges', 'error', droppedTag],
      ]);
      expect(json.findings[1].message).toContain('leaves index users_email_idx on users missing');
      expect(json.replays[0]).toMatchObject({ applied: 4, total: 4, compared: 4 });
      expect(laterTag).toBeDefined();
    } finally {
      p.write(`drizzle/${extraTag}.sql`, extra);
      p.write(`drizzle/${droppedTag}.sql`, dropped);
    }
  });
});

describe('baseline covers replay findings', () => {
  let p: DrizzleProject;
  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });\n`, 'init');
    const tag = (await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });\n` + badges(), 'badges'))!;
    p.write(`drizzle/${tag}.sql`, `${p.read(`drizzle/${tag}.sql`)}\nALTER TABLE "badges" ADD COLUMN "color" text;`);
  });
  afterAll(() => p?.cleanup());

  it('driftgate baseline, then verify is green; a NEW divergent migration is still an error', async () => {
    const env = { DATABASE_URL: '' };
    expect((await verifyEmbedded(p)).code).toBe(1);
    const recorded = await runCli(['baseline'], { cwd: p.dir, env });
    expect(recorded.stderr).toBe('');
    expect(recorded.code).toBe(0);
    const baseline = JSON.parse(p.read('driftgate.baseline.json'));
    expect(baseline.entries.map((e: any) => [e.rule, e.tag])).toEqual([['replay/diverges', '0001_badges']]);

    const green = await verifyEmbedded(p);
    expect(green.stderr).toBe('');
    expect(green.json().findings).toEqual([]);
    expect(green.json().suppressed.baseline).toBe(1);
    expect(green.code).toBe(0);

    const next = (await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n` + badges(), 'name'))!;
    p.write(`drizzle/${next}.sql`, `${p.read(`drizzle/${next}.sql`)}\nALTER TABLE "users" ADD COLUMN "nickname" text;`);
    const red = await verifyEmbedded(p);
    expect(red.json().findings.map((f: any) => [f.rule, f.tag])).toEqual([['replay/diverges', next]]);
    expect(red.json().findings[0].message).toContain('leaves the database with users.nickname, which the snapshot does not have');
    expect(red.code).toBe(1);
  });
});

describe('baseline covers replay findings in the pre-push hook (real git push)', () => {
  let factory: Awaited<ReturnType<typeof hookRepoFactory>>;
  beforeAll(async () => {
    factory = await hookRepoFactory();
  });
  afterAll(() => factory?.dispose());

  it('a known failing migration is baselined: the push is green; a new one is red', async () => {
    const repo = factory.make();
    const old = await repo.project.custom('old_backfill', '-- Custom SQL migration file, put your code below! --\nUPDATE "no_such_table" SET "x" = 1;\n');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'old broken backfill']);
    const recorded = repo.driftgate(['baseline']);
    expect(recorded.code, recorded.out).toBe(0);
    expect(readFileSync(join(repo.dir, 'driftgate.baseline.json'), 'utf8')).toContain(`"tag": "${old}"`);
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'baseline']);
    const green = repo.git(['push', 'origin', 'main']);
    expect(green.code, green.out).toBe(0);

    const fresh = await repo.project.custom('new_backfill', '-- Custom SQL migration file, put your code below! --\nUPDATE "also_missing" SET "x" = 1;\n');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'new broken backfill']);
    const red = repo.git(['push', 'origin', 'main']);
    expect(red.code).not.toBe(0);
    expect(red.out).toContain('replay/failed');
    expect(red.out).toContain(`${fresh}.sql`);
    expect(red.out).not.toContain(`${old}.sql line`);
  });
});
