import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_OPTIONS, withReadOnlyDatabase } from '../src/db/postgres-client.js';
import { introspect } from '../src/db/introspect.js';
import { looseView } from '../src/db/normalize.js';
import { resolveTargets } from '../src/config/targets.js';
import { openFolder } from '../src/systems/open-folder.js';
import { applyMigrationsV1 } from '../src/systems/drizzle-folders/apply-migrations.js';
import { pgliteSqlClient } from '../src/embedded/pglite-sql-client.js';
import { loadProjectDrizzleV1 } from '../src/systems/drizzle-folders/project-drizzle.js';
import { readV1Metas } from '../src/systems/drizzle-folders/replay.js';
import { startEmbedded } from '../src/embedded/start-embedded.js';
import { replayTarget } from '../src/embedded/verify-embedded.js';
import { Repo } from '../src/git/repo.js';
import { gitEnv } from './helpers/git-repo.js';
import { createDrizzleV1Project, type DrizzleV1Project } from './helpers/drizzle-v1-project.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

/** `driftgate verify` with no database on drizzle-kit 1.0 folders: replayed in embedded Postgres with drizzle-orm
 * 1.0's migrator, every step compared with the state its snapshots reconstruct (base snapshot + format-9 deltas). */
const IMPORTS = `import { pgTable, pgEnum, pgSchema, pgSequence, pgView, pgPolicy, serial, text, integer, boolean, timestamp, index, uniqueIndex, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';\n`;
/** Enums (one in another schema), a sequence, identity and generated columns, a check, RLS with a policy, a view:
 * kinds whose per-step comparison must hold on the replayed catalog. */
const USERS = `export const app = pgSchema('app');
export const mood = app.enum('mood', ['sad', 'ok']);
export const role = pgEnum('role', ['admin', 'member']);
export const tickets = pgSequence('ticket_seq', { startWith: 10, increment: 2 });
export const users = pgTable('users', {
  id: serial('id').primaryKey(), ident: integer('ident').generatedAlwaysAsIdentity(), email: text('email').notNull(), name: text('name'),
  role: role('role').default('member').notNull(), mood: mood('mood'), lower: text('lower').generatedAlwaysAs(sql\`lower(email)\`),
}, (t) => [uniqueIndex('users_email_uq').on(t.email), check('users_email_check', sql\`\${t.email} <> ''\`)]);
export const secrets = app.table('secrets', { id: integer('id').primaryKey(), owner: text('owner') }, () => [
  pgPolicy('owner_only', { as: 'permissive', for: 'select', to: 'public', using: sql\`owner = current_user\` }),
]).enableRLS();
export const emails = pgView('user_emails').as((qb) => qb.select({ id: users.id, email: users.email }).from(users));\n`;
const POSTS = `export const posts = pgTable('posts', { id: serial('id').primaryKey(), userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }), title: text('title').notNull(), draft: boolean('draft').default(true), at: timestamp('at', { withTimezone: true }).defaultNow() }, (t) => [index('posts_user_idx').on(t.userId)]);\n`;
/** The third migration renames users.name (a rename delta: the expected state exists only by replaying it). */
const RENAMED = USERS.replace("name: text('name')", "fullName: text('full_name')");
const RENAME_HINTS = [{ type: 'rename', kind: 'column', from: ['public', 'users', 'name'], to: ['public', 'users', 'full_name'] }];

const verify = (p: DrizzleV1Project, json = true) => runCli(['verify', ...(json ? ['--json'] : []), '--no-baseline', '--no-typecheck'], { cwd: p.dir, env: { DATABASE_URL: '' } });
const errors = (run: Awaited<ReturnType<typeof verify>>) => run.json().findings.filter((f: { severity: string }) => f.severity === 'error');

let base: DrizzleV1Project;
let init: string, posts: string, rename: string, backfill: string;
const copies: DrizzleV1Project[] = [];
const copy = () => {
  const c = base.copy();
  copies.push(c);
  return c;
};

beforeAll(async () => {
  base = createDrizzleV1Project();
  init = (await base.generate(IMPORTS + USERS, 'init'))!;
  posts = (await base.generate(IMPORTS + USERS + POSTS, 'posts'))!;
  rename = (await base.generate(IMPORTS + RENAMED + POSTS, 'rename_name', RENAME_HINTS))!;
  // names posts only: its step looks at posts alone, whose foreign key still has to resolve users' columns
  backfill = await base.custom('backfill', `UPDATE "posts" SET "title" = trim("title");\n--> statement-breakpoint\nUPDATE "posts" SET "draft" = false WHERE "draft" IS NULL;\n`);
});
afterAll(() => {
  for (const c of copies) c.cleanup();
  base?.cleanup();
});

describe('driftgate verify (no database) on a drizzle-kit 1.0 folder', () => {
  it('a clean folder replays with the project\'s drizzle-orm 1.0 migrator, every step compared: exit 0', async () => {
    expect(base.read(`drizzle/${rename}/migration.sql`)).toContain('RENAME COLUMN "name" TO "full_name"');
    expect(base.read(`drizzle/${init}/migration.sql`)).toMatch(/CREATE VIEW[\s\S]*CREATE POLICY|CREATE POLICY[\s\S]*CREATE VIEW/);
    const run = await verify(base, false);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/drizzle: replayed 4\/4 migrations on embedded Postgres \(.*\) with drizzle-orm 1\.0\.0-rc\.5 \(the project's migrator\), 4 compared with their reconstructed snapshots/);
    expect(run.stdout).not.toContain('embedded replay skipped');
    expect(run.code).toBe(0);
  });

  it('a hand-edited migration.sql (a column dropped from its CREATE TABLE) is replay/diverges naming that folder', async () => {
    const p = copy();
    const sql = p.read(`drizzle/${posts}/migration.sql`);
    const edited = sql.replace(/\n\t"title" text NOT NULL,/, '');
    expect(edited).not.toBe(sql);
    p.write(`drizzle/${posts}/migration.sql`, edited);
    const run = await verify(p);
    expect(run.stderr).toBe('');
    const found = errors(run);
    // the backfill's trim("title") then fails on the missing column: both are reported, each at its folder
    expect(found.map((f: { rule: string; tag: string }) => `${f.rule} ${f.tag}`)).toEqual([`replay/diverges ${posts}`, `replay/failed ${backfill}`]);
    const diverges = found[0];
    expect(diverges.file).toBe(`drizzle/${posts}/migration.sql`);
    expect(diverges.message).toContain('leaves posts.title missing');
    expect(diverges.message).not.toContain('not compared'); // the replay goes on to the last folder
    expect(run.code).toBe(1);
  });

  it('a renamed column edited by hand in the rename migration is caught at that folder (state from rename deltas)', async () => {
    const p = copy();
    const sql = p.read(`drizzle/${rename}/migration.sql`);
    p.write(`drizzle/${rename}/migration.sql`, sql.replace('"full_name"', '"fullname"'));
    const run = await verify(p);
    const found = errors(run);
    expect(found.map((f: { rule: string }) => f.rule)).toEqual(['replay/diverges']);
    expect(found[0].file).toBe(`drizzle/${rename}/migration.sql`);
    expect(found[0].message).toContain('leaves users.full_name missing');
    expect(run.code).toBe(1);
  });

  it('a failing statement is replay/failed with the file and line; the later folders are still replayed', async () => {
    const p = copy();
    p.write(`drizzle/${backfill}/migration.sql`, `UPDATE "posts" SET "title" = trim("title");\n--> statement-breakpoint\n\nUPDATE "posts" SET "drafted" = false;\n`);
    const run = await verify(p);
    expect(run.stderr).toBe('');
    const found = errors(run);
    expect(found.map((f: { rule: string }) => f.rule)).toEqual(['replay/failed']);
    expect(found[0].file).toBe(`drizzle/${backfill}/migration.sql`);
    expect(found[0].line).toBe(4);
    expect(found[0].message).toContain('column "drafted" of relation "posts" does not exist');
    expect(found[0].message).toContain('UPDATE "posts" SET "drafted" = false;');
    expect(run.code).toBe(1);
  });

  it('without drizzle-orm 1.x in the project, the built-in copy of its migrator replays it (same rows: see below)', async () => {
    const p = copy();
    rmSync(join(p.dir, 'node_modules/drizzle-orm'));
    const clean = await verify(p, false);
    expect(clean.stdout).toContain('with built-in migrator (drizzle-orm 1.0 semantics), 4 compared with their reconstructed snapshots');
    expect(clean.code).toBe(0);
  });

  it('a folder without migration.sql skips the replay with a note (journal/missing-sql names it)', async () => {
    const p = copy();
    rmSync(join(p.out, posts, 'migration.sql'));
    const run = await verify(p, false);
    expect(run.stdout).toContain('embedded replay skipped: 1 folder has no migration.sql');
    expect(run.stdout).toContain('journal/missing-sql');
  });
});

describe('the pre-push replay of a 1.0 folder (replayTarget over a commit\'s tree)', () => {
  it('judges the committed bytes, not the work tree: a clean commit passes while the edited work tree diverges', async () => {
    const p = copy();
    const home = mkdtempSync(join(tmpdir(), 'driftgate-v1-home-'));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: p.dir, env: gitEnv(home), stdio: 'pipe' });
      git('init', '-q');
      git('add', 'drizzle', 'drizzle.config.ts', 'schema.ts');
      git('commit', '-q', '-m', 'migrations');
      const sql = p.read(`drizzle/${posts}/migration.sql`);
      p.write(`drizzle/${posts}/migration.sql`, sql.replace(/\n\t"title" text NOT NULL,/, ''));
      const [target] = await resolveTargets({ cwd: p.dir });
      const repo = await Repo.open(p.dir);
      try {
        const committed = await openFolder(target, await repo.commitSource('HEAD', repo.rel(target.outDir)));
        const outcome = await replayTarget(target, committed, { fromWorkTree: false });
        expect(outcome.findings).toEqual([]);
        expect(outcome.notes.join('\n')).toContain('replayed 4/4 migrations');
      } finally {
        repo.close();
      }
      const edited = await replayTarget(target, await openFolder(target));
      expect(edited.findings.map((f) => `${f.rule} ${f.tag}`).sort()).toEqual([`replay/diverges ${posts}`, `replay/failed ${backfill}`]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('the same 1.0 folder on both sources', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    db = await createTestDatabase('dg_v1_emb');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('drizzle-orm 1.0 on the real server and the embedded replay give the same schema and tracking rows', async () => {
    const migrated = await base.migrate(db.url);
    expect(migrated.ok).toBe(true);
    const [target] = await resolveTargets({ cwd: base.dir });
    const folder = await openFolder(target);
    const drizzle = await loadProjectDrizzleV1(base.dir);
    expect(drizzle?.version).toBe('1.0.0-rc.5');
    const schemas = ['public', 'app'];
    const tracking = `select hash, created_at::text, name from drizzle.__drizzle_migrations order by id`;
    // PostgreSQL 16+ prints a view's columns unqualified (the embedded server is 17, this one 15): view definitions
    // are compared as verify compares them; everything else must be equal as read.
    const comparable = (model: Awaited<ReturnType<typeof introspect>>) => ({
      ...model,
      views: new Map([...model.views].map(([key, view]) => [key, { ...view, definition: view.definition === undefined ? undefined : looseView(view.definition) }])),
    });
    const server = await withReadOnlyDatabase(db.url, DEFAULT_CONNECT_OPTIONS, async (client) => ({ model: comparable(await introspect(client, schemas)), rows: await client.query(tracking) }));
    for (const via of [drizzle, null]) {
      const embedded = await startEmbedded();
      try {
        const metas = await readV1Metas(folder, { drizzle: via, outDir: base.out });
        const result = await applyMigrationsV1(embedded.pg, metas, base.out, { settings: folder.settings, drizzle: via });
        expect(result.failure).toBeUndefined();
        expect(result.applied).toEqual([0, 1, 2, 3]);
        const client = pgliteSqlClient(embedded.pg);
        expect(comparable(await introspect(client, schemas))).toEqual(server.model);
        expect(await client.query(tracking)).toEqual(server.rows);
      } finally {
        await embedded.close();
      }
    }
    expect(server.rows.map((r: any) => r.name)).toEqual([init, posts, rename, backfill]);
  });

  // runs after the test above migrated the server
  it('verify --db on that server and verify on embedded Postgres: the same verdict (no findings) for the same folder', async () => {
    const server = await runCli(['verify', '--db', db.url, '--json', '--no-baseline', '--no-typecheck'], { cwd: base.dir });
    const embedded = await verify(base);
    expect(server.stderr).toBe('');
    expect(server.json().findings).toEqual([]);
    expect(embedded.json().findings).toEqual([]);
    expect([server.code, embedded.code]).toEqual([0, 0]);
  });

  it('drizzle-orm 1.0\'s own PGlite migrator records the same folders', async () => {
    const run = await base.migrate('pglite');
    expect(run.ok).toBe(true);
    expect(JSON.parse(run.output.trim())).toEqual([init, posts, rename, backfill]);
  });
});
