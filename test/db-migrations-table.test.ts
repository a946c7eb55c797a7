import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { NODE_MODULES } from './helpers/paths.js';
import { createTestDatabase, migrateWithDrizzle, execSql } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

const YEAR = 365 * 24 * 3600 * 1000;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function database(prefix: string) {
  const db = await createTestDatabase(prefix);
  cleanups.push(() => db.drop());
  return db;
}
function project(opts: Parameters<typeof createDrizzleProject>[0] = {}): DrizzleProject {
  const p = createDrizzleProject(opts);
  cleanups.push(() => p.cleanup());
  return p;
}
const byRule = (json: any, rule: string) => json.findings.filter((f: any) => f.rule === rule);

const USERS = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull() });\n`;
const POSTS = `export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title') });\n`;
const USERS_WIDE = USERS.replace("name: text('name').notNull()", "name: text('name').notNull(), nickname: text('nickname'), age: integer('age')");

describe('driftgate verify --db: the migrations table', () => {
  it('seed 000: a migration stamped a year early is skipped by the real migrator → db/skipped-migration with restamp and INSERT, and db/missing-column for its columns', async () => {
    const p = project();
    await p.generate(USERS, 'users');
    for (let i = 1; i <= 3; i++) await p.custom(`backfill_${i}`, `SELECT ${i};`);
    const t0009 = (await p.generate(USERS_WIDE, 'add_profile'))!; // the "0009": adds columns
    const t0010 = (await p.generate(USERS_WIDE + POSTS, 'posts'))!; // the "0010": later, applied first
    const full = p.journal();
    const db = await database('dgseed');
    // The database got everything but 0009 first (0009 came from a branch merged later)...
    p.writeJournal({ ...full, entries: full.entries.filter((e) => e.tag !== t0009) });
    await migrateWithDrizzle(db.url, p.out);
    // ...then 0009 was merged with a `when` a year older than 0010's, and migrate "succeeded".
    const newest = full.entries.find((e) => e.tag === t0010)!.when;
    const early = newest - YEAR;
    p.writeJournal({ ...full, entries: full.entries.map((e) => (e.tag === t0009 ? { ...e, when: early } : e)) });
    await migrateWithDrizzle(db.url, p.out); // the real migrator skips 0009 silently
    const run = await runCli(['verify', '--db', db.url, '--json'], { cwd: p.dir });
    expect(run.code).toBe(1);
    const json = run.json();
    const skipped = byRule(json, 'db/skipped-migration');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ tag: t0009, file: `drizzle/${t0009}.sql`, severity: 'error' });
    const hash = createHash('sha256').update(p.read(`drizzle/${t0009}.sql`)).digest('hex');
    expect(skipped[0].fix).toContain(`Set its "when" in meta/_journal.json to ${newest + 1}`);
    expect(skipped[0].fix).toContain(`INSERT INTO "drizzle"."__drizzle_migrations" ("hash", "created_at") VALUES ('${hash}', ${early});`);
    expect(byRule(json, 'db/missing-column').map((f: any) => f.key).sort()).toEqual(['public.users/column:age', 'public.users/column:nickname']);
    expect(byRule(json, 'db/pending')).toEqual([]);
    // the static rule sees it too
    expect(byRule(json, 'journal/when-order').map((f: any) => f.tag)).toEqual([t0009]);
    const pretty = await runCli(['verify', '--db', db.url], { cwd: p.dir });
    expect(pretty.stdout).toContain(`compared with the snapshot of ${t0010} (last applied)`);
  });

  it('edited after apply, CRLF-only difference, unknown hash, and a database behind by 2', async () => {
    const p = project();
    const t0 = (await p.generate(USERS, 'users'))!;
    const t1 = (await p.generate(USERS + POSTS, 'posts'))!;
    const db = await database('dgtable');
    await migrateWithDrizzle(db.url, p.out);
    await p.custom('seed_a', 'SELECT 1;');
    await p.custom('seed_b', 'SELECT 2;');
    p.write(`drizzle/${t0}.sql`, p.read(`drizzle/${t0}.sql`) + '\nCREATE INDEX "users_name_idx" ON "users" ("name");');
    p.write(`drizzle/${t1}.sql`, p.read(`drizzle/${t1}.sql`).replace(/\r?\n/g, '\r\n'));
    await execSql(db.url, `insert into drizzle.__drizzle_migrations (hash, created_at) values ('${'ab'.repeat(32)}', 1700000000000)`);
    const run = await runCli(['verify', '--db', db.url, '--json'], { cwd: p.dir });
    const json = run.json();
    const got = json.findings.filter((f: any) => f.rule.startsWith('db/')).map((f: any) => `${f.rule} ${f.tag ?? ''} ${f.severity}`).sort();
    expect(got).toEqual(
      [
        `db/edited-after-apply ${t0} error`,
        `db/line-endings ${t1} warn`,
        `db/pending ${p.journal().entries[2].tag} warn`,
        `db/pending ${p.journal().entries[3].tag} warn`,
        'db/unknown-migration  warn',
      ].sort(),
    );
    expect(run.code).toBe(1);
    // --strict: pending is an error
    const strict = (await runCli(['verify', '--db', db.url, '--json', '--strict'], { cwd: p.dir })).json();
    expect(byRule(strict, 'db/pending').map((f: any) => f.severity)).toEqual(['error', 'error']);
  });

  it('a database merely behind reports db/pending only and exits 0', async () => {
    const p = project();
    await p.generate(USERS, 'users');
    const db = await database('dgbehind');
    await migrateWithDrizzle(db.url, p.out);
    await p.generate(USERS + POSTS, 'posts');
    await p.generate(USERS_WIDE + POSTS, 'wide');
    const run = await runCli(['verify', '--db', db.url], { cwd: p.dir });
    expect(run.code).toBe(0);
    expect(run.stdout.match(/db\/pending/g)).toHaveLength(2);
    expect(run.stdout).not.toMatch(/missing-(table|column)/);
  });

  it('no migrations table: made by drizzle-kit push → says push; an empty database → says never migrated', async () => {
    const pushed = await database('dgpush');
    const empty = await database('dgempty');
    const p = project({ config: { dbCredentials: { url: pushed.url } } });
    await p.generate(USERS + POSTS, 'init');
    await promisify(execFile)(process.execPath, [join(NODE_MODULES, 'drizzle-kit/bin.cjs'), 'push', '--force'], { cwd: p.dir, timeout: 60_000 });
    // dbCredentials.url is used when neither --db nor DATABASE_URL is given
    const viaConfig = await runCli(['verify', '--json'], { cwd: p.dir, env: { DATABASE_URL: undefined } });
    const finding = byRule(viaConfig.json(), 'db/no-migrations-table');
    expect(finding).toHaveLength(1);
    expect(finding[0].message).toMatch(/2 of the 2 tables .* drizzle-kit push/);
    expect(viaConfig.json().findings.filter((f: any) => f.rule.startsWith('db/') && f.rule !== 'db/no-migrations-table')).toEqual([]);
    expect(viaConfig.code).toBe(1);
    // DATABASE_URL beats dbCredentials
    const viaEnv = await runCli(['verify', '--json'], { cwd: p.dir, env: { DATABASE_URL: empty.url } });
    const never = byRule(viaEnv.json(), 'db/no-migrations-table');
    expect(never[0].message).toMatch(/never migrated/);
    expect(never[0].target).toBe(`drizzle @ postgres@127.0.0.1:5432/${empty.name}`);
    // --db may repeat: each database is reported separately
    const both = (await runCli(['verify', '--json', '--db', pushed.url, '--db', empty.url], { cwd: p.dir })).json();
    expect(byRule(both, 'db/no-migrations-table').map((f: any) => f.target).sort()).toEqual(
      [`drizzle @ postgres@127.0.0.1:5432/${empty.name}`, `drizzle @ postgres@127.0.0.1:5432/${pushed.name}`].sort(),
    );
  });
});
