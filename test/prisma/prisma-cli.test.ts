import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, execSql } from '../helpers/postgres.js';
import { createPrismaProject, prismaMigrateDeploy, prismaMigrateDev, type PrismaProject } from '../helpers/prisma-project.js';
import { runCli } from '../helpers/run-cli.js';

const USERS = 'model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n';
const POSTS = USERS + 'model Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n';

let project: PrismaProject;
const dbs: Awaited<ReturnType<typeof createTestDatabase>>[] = [];

beforeAll(async () => {
  project = createPrismaProject(USERS);
  await prismaMigrateDev(project, 'init', USERS, '20250101090000');
  await prismaMigrateDev(project, 'posts', POSTS, '20250102090000');
});
afterAll(async () => {
  await Promise.all(dbs.map((db) => db.drop()));
});

function copy(): PrismaProject {
  const dir = mkdtempSync(join(tmpdir(), 'dg-prisma-cli-'));
  cpSync(project.dir, dir, { recursive: true });
  return { dir, migrationsDir: join(dir, 'prisma', 'migrations'), schemaFile: join(dir, 'prisma', 'schema.prisma') };
}

describe('driftgate on a Prisma project (found by prisma/schema.prisma)', () => {
  it('check: an engine-built project passes clean', async () => {
    const run = await runCli(['check'], { cwd: project.dir });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('no problems — 2 migrations in 1 folder');
    expect(run.code).toBe(0);
  });

  it('check: a rule finding names rule, file and fails with exit 1', async () => {
    const p = copy();
    mkdirSync(join(p.migrationsDir, '20250103090000_orders'));
    const run = await runCli(['check', '--json'], { cwd: p.dir });
    expect(run.code).toBe(1);
    expect(run.json().findings.map((f: { rule: string; file: string; target: string }) => [f.rule, f.file, f.target])).toEqual([
      ['prisma/missing-sql', 'prisma/migrations/20250103090000_orders', 'prisma/migrations'],
    ]);
  });

  it('a drizzle config next to a Prisma schema: both folders are judged', async () => {
    const p = copy();
    mkdirSync(join(p.dir, 'drizzle'));
    writeFileSync(join(p.dir, 'drizzle.config.json'), JSON.stringify({ dialect: 'postgresql', out: 'drizzle' }));
    const run = await runCli(['check', '--json'], { cwd: p.dir });
    expect(run.json().findings.map((f: { rule: string; target: string }) => [f.rule, f.target])).toEqual([['journal/invalid', 'drizzle']]);
    expect(run.json().stats.targets).toBe(2);
  });

  it('verify --db: drift between the live database and schema.prisma, through Prisma\'s engine (read-only)', async () => {
    const db = await createTestDatabase('prisma_drift');
    dbs.push(db);
    expect((await prismaMigrateDeploy(project, db.url)).applied).toHaveLength(2);
    const clean = await runCli(['verify', '--db', db.url, '--skip', 'schema,typecheck'], { cwd: project.dir });
    expect(clean.stderr).toBe('');
    expect(clean.code).toBe(0);
    // what was verified, not a table count (the engine compared the schema)
    expect(clean.stdout).toMatch(/✓ verified: 2\/2 migrations applied, none failed or edited in \S*_prisma_migrations, and the live schema matches prisma\/schema\.prisma \(Prisma's schema engine\)/);
    expect(clean.stdout).not.toContain('0 tables');
    await execSql(db.url, 'ALTER TABLE "Post" ADD COLUMN "slug" TEXT; DROP INDEX "User_email_key";');
    const drifted = await runCli(['verify', '--db', db.url, '--skip', 'schema,typecheck', '--json'], { cwd: project.dir });
    expect(drifted.code).toBe(1);
    const drift = drifted.json().findings.filter((f: { rule: string }) => f.rule === 'db/drift');
    expect(drift).toHaveLength(1);
    expect(drift[0]).toMatchObject({ severity: 'error', file: 'prisma/schema.prisma' });
    expect(drift[0].message).toMatch(/Changed the `Post` table: .*slug/);
    expect(drift[0].message).toMatch(/Changed the `User` table: .*unique index on columns \(email\)/);
  });

  it('verify --db: a failed migration is an error (exit 1) with the resolve command; pending is reported', async () => {
    const p = copy();
    const tag = await prismaMigrateDev(p, 'tags', POSTS + 'model Tag {\n  id Int @id\n}\n', '20250103090000');
    mkdirSync(join(p.migrationsDir, '20250102120000_backfill'));
    writeFileSync(join(p.migrationsDir, '20250102120000_backfill', 'migration.sql'), 'UPDATE "User" SET "email" = 1/0;\n');
    const db = await createTestDatabase('prisma_cli');
    dbs.push(db);
    expect((await prismaMigrateDeploy(p, db.url)).error).toBeDefined();
    const run = await runCli(['verify', '--db', db.url, '--no-typecheck'], { cwd: p.dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('20250102120000_backfill failed in this database');
    expect(run.stdout).toContain('npx prisma migrate resolve --rolled-back 20250102120000_backfill');
    expect(run.stdout).toMatch(new RegExp(`${tag} is not applied yet — and cannot be while 20250102120000_backfill is failed`));
    expect(run.stdout).toContain('db/failed-migration');
  });
});
