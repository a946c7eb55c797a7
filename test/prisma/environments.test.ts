import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCHEMA_STEPS } from '../helpers/base-project.js';
import { createDrizzleProject } from '../helpers/drizzle-project.js';
import { createTestDatabase, migrateWithDrizzle } from '../helpers/postgres.js';
import { createPrismaProject, prismaMigrateDeploy, prismaMigrateDev } from '../helpers/prisma-project.js';
import { runCli } from '../helpers/run-cli.js';

const USERS = 'model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n';
const POSTS = USERS + 'model Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n';
const TAGS = POSTS + 'model Tag {\n  id   Int    @id @default(autoincrement())\n  name String\n}\n';
const NOTES = TAGS + 'model Note {\n  id   Int    @id @default(autoincrement())\n  body String\n}\n';

const dbs: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
const newDb = async (prefix: string) => {
  const db = await createTestDatabase(prefix);
  dbs.push(db);
  return db;
};
afterAll(async () => {
  await Promise.all(dbs.map((db) => db.drop()));
});

/** The environment table's row for a migration, cells split on runs of spaces. */
const row = (stdout: string, tag: string) => stdout.split('\n').find((l) => l.trimStart().startsWith(tag))?.trim().split(/\s{2,}/);

describe('several environments, side by side', () => {
  it('Prisma: staging three migrations behind, production stuck on a failed migration — each reported per environment', async () => {
    const p = createPrismaProject(USERS);
    await prismaMigrateDev(p, 'init', USERS, '20250101090000');
    await prismaMigrateDev(p, 'posts', POSTS, '20250102090000');
    await prismaMigrateDev(p, 'tags', TAGS, '20250104090000');
    await prismaMigrateDev(p, 'notes', NOTES, '20250105090000');
    const staging = await newDb('staging');
    const production = await newDb('production');
    expect((await prismaMigrateDeploy(p, staging.url, 1)).applied).toEqual(['20250101090000_init']);
    // A hand-written data fix (prisma migrate dev --create-only, then edited) that fails in production.
    mkdirSync(join(p.migrationsDir, '20250103090000_backfill'));
    writeFileSync(join(p.migrationsDir, '20250103090000_backfill', 'migration.sql'), 'UPDATE "User" SET "email" = 1/0;\n');
    expect((await prismaMigrateDeploy(p, production.url)).error).toBeDefined();

    const run = await runCli(['verify', '--db', `staging=${staging.url}`, '--db', `production=${production.url}`, '--skip', 'schema,typecheck'], { cwd: p.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('prisma/migrations: environments');
    expect(row(run.stdout, 'migration')).toEqual(['migration', 'staging', 'production']);
    expect(row(run.stdout, '20250102090000_posts')).toEqual(['20250102090000_posts', '· pending', '✓']);
    expect(row(run.stdout, '20250103090000_backfill')).toEqual(['20250103090000_backfill', '· pending', '✖ failed']);
    expect(row(run.stdout, '20250104090000_tags')).toEqual(['20250104090000_tags', '· pending', '· pending']);
    expect(row(run.stdout, '20250105090000_notes')).toEqual(['20250105090000_notes', '· pending', '· pending']);
    expect(run.stdout).toMatch(/1\/5 applied\s+2\/5 applied/);
    expect(run.stdout).toMatch(/npx prisma migrate resolve --rolled-back "?20250103090000_backfill"?/);

    const json = await runCli(['verify', '--db', `staging=${staging.url}`, '--db', `production=${production.url}`, '--skip', 'schema,typecheck', '--json'], { cwd: p.dir });
    const doc = json.json();
    expect(doc.databases.map((d: { name: string; migrations: Record<string, string> }) => [d.name, d.migrations])).toEqual([
      ['staging', { '20250102090000_posts': 'pending', '20250103090000_backfill': 'pending', '20250104090000_tags': 'pending', '20250105090000_notes': 'pending' }],
      ['production', { '20250103090000_backfill': 'failed', '20250104090000_tags': 'pending', '20250105090000_notes': 'pending' }],
    ]);
    const failed = doc.findings.find((f: { rule: string }) => f.rule === 'db/failed-migration');
    expect(failed).toMatchObject({ target: 'prisma/migrations @ production', tag: '20250103090000_backfill', severity: 'error' });
    expect(JSON.stringify(doc)).not.toContain(staging.url);
  });

  it('Drizzle: named databases from the driftgate config (URLs from the environment), one behind', async () => {
    const p = createDrizzleProject();
    const init = (await p.generate(SCHEMA_STEPS[0], 'init'))!;
    const staging = await newDb('staging');
    await migrateWithDrizzle(staging.url, p.out);
    const posts = (await p.generate(SCHEMA_STEPS[1], 'posts'))!;
    const production = await newDb('production');
    await migrateWithDrizzle(production.url, p.out);
    writeFileSync(join(p.dir, 'driftgate.config.json'), JSON.stringify({ databases: { staging: '${STAGING_URL}', production: '${PRODUCTION_URL}' }, typecheck: false }));
    const env = { STAGING_URL: staging.url, PRODUCTION_URL: production.url, DATABASE_URL: undefined };
    const run = await runCli(['verify'], { cwd: p.dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(row(run.stdout, 'migration')).toEqual(['migration', 'staging', 'production']);
    expect(row(run.stdout, posts)).toEqual([posts, '· pending', '✓']);
    expect(row(run.stdout, init)).toBeUndefined();
    expect(run.stdout).toContain('(databases.staging (driftgate config))');

    const one = await runCli(['verify', '--db', 'production'], { cwd: p.dir, env });
    expect(one.code).toBe(0);
    expect(one.stdout).not.toContain('environments');
    const unknown = await runCli(['verify', '--db', 'qa'], { cwd: p.dir, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^driftgate: --db qa: no database of that name\nConfigured: staging, production/);
    const unset = await runCli(['verify'], { cwd: p.dir, env: { ...env, PRODUCTION_URL: undefined } });
    expect(unset.code).toBe(2);
    expect(unset.stderr).toMatch(/^driftgate: database production: PRODUCTION_URL is not set/);
  });
});
