import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';
import { DEFAULT_CONNECT_OPTIONS, withReadOnlyDatabase } from '../src/db/postgres-client.js';
import { introspect } from '../src/db/introspect.js';
import { startEmbedded } from '../src/embedded/start-embedded.js';
import { applyMigrations } from '../src/embedded/apply-migrations.js';
import { loadProjectDrizzle } from '../src/systems/drizzle-journal/project-drizzle.js';
import { pgliteSqlClient } from '../src/embedded/pglite-sql-client.js';
import { DEFAULT_SETTINGS } from '../src/folder/migration-folder.js';

/** One implementation, two sources: the same folder applied by drizzle's migrator to the real server and replayed
 * in embedded Postgres must introspect to the same model and be judged the same way. */
const SCHEMA = `import { pgTable, pgEnum, pgSchema, serial, text, integer, bigint, boolean, timestamp, uuid, varchar, numeric, jsonb, index, uniqueIndex, unique, check } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
export const app = pgSchema('app');
export const role = pgEnum('role', ['admin', 'member']);
export const mood = app.enum('mood', ['sad', 'ok']);
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: varchar('email', { length: 320 }).notNull().unique(),
  role: role('role').default('member').notNull(),
  ident: bigint('ident', { mode: 'number' }).generatedByDefaultAsIdentity(),
  balance: numeric('balance', { precision: 12, scale: 2 }).default('0'),
  tags: text('tags').array().default(sql\`'{}'::text[]\`),
  meta: jsonb('meta').default({ a: 1 }),
  token: uuid('token').defaultRandom(),
  active: boolean('active').default(true),
  createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).defaultNow().notNull(),
  lower: text('lower').generatedAlwaysAs(sql\`lower(email)\`),
}, (t) => [index('users_created_idx').on(t.createdAt.desc()).where(sql\`\${t.active} = true\`), uniqueIndex('users_lower_uq').on(sql\`lower(\${t.email})\`), check('users_balance_check', sql\`\${t.balance} >= 0\`)]);
export const notes = app.table('notes', {
  id: serial('id').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  mood: mood('mood'),
  body: text('body').notNull(),
}, (t) => [index('notes_user_idx').on(t.userId), unique('notes_user_body').on(t.userId, t.body)]);
`;

describe('embedded replay and the real server: same fixture, same verdicts', () => {
  let p: DrizzleProject;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let dropped: string;
  beforeAll(async () => {
    p = createDrizzleProject();
    await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), email: varchar('email', { length: 320 }).notNull().unique() });`, 'init');
    await p.generate(SCHEMA, 'everything');
    dropped = (await p.generate(SCHEMA.replace("  body: text('body').notNull(),", "  body: text('body').notNull(),\n  pinned: boolean('pinned').default(false).notNull(),"), 'pinned'))!;
    db = await createTestDatabase('dg_emb');
    const client = postgres(db.url, { max: 1, onnotice: () => {} });
    await migrate(drizzle(client), { migrationsFolder: p.out });
    await client.end();
  });
  afterAll(async () => {
    await db?.drop();
    p?.cleanup();
  });

  it('introspects to the same model on both sources', async () => {
    const schemas = ['public', 'app'];
    const server = await withReadOnlyDatabase(db.url, DEFAULT_CONNECT_OPTIONS, (client) => introspect(client, schemas));
    const embedded = await startEmbedded();
    try {
      const { readMigrationMetas } = await import('../src/embedded/migration-meta.js');
      const { openFolder } = await import('../src/systems/open-folder.js');
      const { resolveTargets } = await import('../src/config/targets.js');
      const [target] = await resolveTargets({ cwd: p.dir });
      const folder = await openFolder(target);
      const result = await applyMigrations(embedded.pg, await readMigrationMetas(folder), p.out, { settings: DEFAULT_SETTINGS, drizzle: await loadProjectDrizzle(p.dir) });
      expect(result.failure).toBeUndefined();
      expect(result.via).toContain("the project's migrator");
      const replayed = await introspect(pgliteSqlClient(embedded.pg), schemas);
      expect(replayed.tables.size).toBe(2);
      expect(replayed).toEqual(server);
    } finally {
      await embedded.close();
    }
  });

  it('a clean folder passes on both: verify --db and verify --embedded', async () => {
    const [real, embedded] = await Promise.all([
      runCli(['verify', '--db', db.url, '--json'], { cwd: p.dir, env: { DATABASE_URL: '' } }),
      runCli(['verify', '--embedded', '--json'], { cwd: p.dir, env: { DATABASE_URL: '' } }),
    ]);
    expect(real.json().findings).toEqual([]);
    expect(embedded.json().findings).toEqual([]);
    expect([real.code, embedded.code]).toEqual([0, 0]);
  });

  it('a column missing from the SQL: db/missing-column on the server it ran on, replay/diverges on the same column in embedded', async () => {
    // what happened on the server: the migration that was run did not add the column
    const admin = postgres(db.url, { max: 1, onnotice: () => {} });
    await admin.unsafe('ALTER TABLE "app"."notes" DROP COLUMN "pinned"');
    await admin.end();
    const sql = p.read(`drizzle/${dropped}.sql`);
    p.write(`drizzle/${dropped}.sql`, '-- edited: pinned comes later\nSELECT 1;');
    try {
      const [real, embedded] = await Promise.all([
        runCli(['verify', '--db', db.url, '--json', '--no-baseline'], { cwd: p.dir, env: { DATABASE_URL: '' } }),
        runCli(['verify', '--embedded', '--json'], { cwd: p.dir, env: { DATABASE_URL: '' } }),
      ]);
      const onServer = real.json().findings.filter((f: any) => f.rule === 'db/missing-column');
      expect(onServer.map((f: any) => f.key)).toEqual(['app.notes/column:pinned']);
      const replayed = embedded.json().findings.filter((f: any) => f.rule.startsWith('replay/') || f.rule.startsWith('db/'));
      expect(replayed.map((f: any) => [f.rule, f.tag, f.key])).toEqual([['replay/diverges', dropped, 'app.notes/column:pinned']]);
      expect(replayed[0].message).toContain('app.notes.pinned missing');
      expect([real.code, embedded.code]).toEqual([1, 1]);
    } finally {
      p.write(`drizzle/${dropped}.sql`, sql);
    }
  });
});
