import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASOURCE, createPrismaProject, prismaMigrateDev, type PrismaProject } from '../helpers/prisma-project.js';
import { runCli } from '../helpers/run-cli.js';

const USERS = 'model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n  name  String?\n}\n';
const POSTS = USERS + 'model Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n';
const TAGS = POSTS + 'model Tag {\n  id Int @id\n}\n';

let project: PrismaProject;
const INIT = '20250101090000_init';
const POSTS_TAG = '20250102090000_posts';
const TAGS_TAG = '20250103090000_tags';

beforeAll(async () => {
  project = createPrismaProject(USERS);
  await prismaMigrateDev(project, 'init', USERS, '20250101090000');
  await prismaMigrateDev(project, 'posts', POSTS, '20250102090000');
  await prismaMigrateDev(project, 'tags', TAGS, '20250103090000');
});

function copy(): PrismaProject {
  const dir = mkdtempSync(join(tmpdir(), 'dg-prisma-replay-'));
  cpSync(project.dir, dir, { recursive: true });
  return { dir, migrationsDir: join(dir, 'prisma', 'migrations'), schemaFile: join(dir, 'prisma', 'schema.prisma') };
}

const sqlOf = (p: PrismaProject, tag: string) => join(p.migrationsDir, tag, 'migration.sql');
const verify = (p: PrismaProject) => runCli(['verify', '--json', '--skip', 'schema,typecheck'], { cwd: p.dir, env: { DATABASE_URL: '' }, timeoutMs: 120_000 });
type Found = { rule: string; file: string; tag?: string; line?: number; message: string };
const replayFindings = (findings: Found[]) => findings.filter((f) => f.rule.startsWith('replay/'));

describe('verify without a database on a Prisma project: the engine applies the migrations to embedded Postgres', () => {
  it('an engine-built history replays clean and matches schema.prisma (exit 0)', async () => {
    const run = await runCli(['verify', '--skip', 'typecheck'], { cwd: project.dir, env: { DATABASE_URL: '' }, timeoutMs: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/replayed 3\/3 migrations on embedded Postgres .*Prisma's schema engine .*1 compared with their schema \(prisma\/schema\.prisma/);
    expect(run.stdout).toContain('no problems');
    expect(run.code).toBe(0);
  }, 120_000);

  it('a hand-edited migration: replay/diverges names that migration, not a later one (exit 1)', async () => {
    const p = copy();
    // the generated `"name" TEXT,` of User made VARCHAR(20) by hand; posts and tags come later and never touch User
    const sql = readFileSync(sqlOf(p, INIT), 'utf8');
    expect(sql).toMatch(/"name" TEXT,\n/);
    writeFileSync(sqlOf(p, INIT), sql.replace('"name" TEXT,', '"name" VARCHAR(20),'));
    const run = await verify(p);
    expect(run.code).toBe(1);
    const found = replayFindings(run.json().findings);
    expect(found.map((f) => [f.rule, f.file, f.tag])).toEqual([['replay/diverges', `prisma/migrations/${INIT}/migration.sql`, INIT]]);
    expect(found[0].message).toMatch(/first migration that diverges.*User: Altered column `name`/);
  }, 120_000);

  it('schema.prisma ahead of the migrations: replay/diverges on the schema, no migration named', async () => {
    const p = copy();
    writeFileSync(p.schemaFile, DATASOURCE + '\n' + TAGS + 'model Comment {\n  id Int @id\n}\n');
    const run = await verify(p);
    expect(run.code).toBe(1);
    const found = replayFindings(run.json().findings);
    expect(found.map((f) => [f.rule, f.file, f.tag])).toEqual([['replay/diverges', 'prisma/schema.prisma', undefined]]);
    expect(found[0].message).toMatch(/no migration makes these changes: Added table Comment/);
  }, 120_000);

  it('a migration that fails: replay/failed with its file and line, later ones not applied (exit 1)', async () => {
    const p = copy();
    const lines = readFileSync(sqlOf(p, POSTS_TAG), 'utf8').split('\n').length;
    appendFileSync(sqlOf(p, POSTS_TAG), '\nUPDATE "Missing" SET x = 1;\n');
    const run = await verify(p);
    expect(run.code).toBe(1);
    const doc = run.json();
    const found = replayFindings(doc.findings);
    expect(found.map((f) => [f.rule, f.file, f.tag, f.line])).toEqual([['replay/failed', `prisma/migrations/${POSTS_TAG}/migration.sql`, POSTS_TAG, lines + 1]]);
    expect(found[0].message).toMatch(/relation "Missing" does not exist/);
    expect(doc.replays[0]).toMatchObject({ applied: 1, total: 3 });
  }, 120_000);

  it('a migration with its own BEGIN/COMMIT runs as Prisma runs it: one script, not wrapped', async () => {
    const p = copy();
    const sql = readFileSync(sqlOf(p, TAGS_TAG), 'utf8');
    writeFileSync(sqlOf(p, TAGS_TAG), `BEGIN;\n${sql}\nCOMMIT;\n`);
    const run = await verify(p);
    expect(replayFindings(run.json().findings)).toEqual([]);
    expect(run.json().replays[0]).toMatchObject({ applied: 3, total: 3 });
    expect(run.code).toBe(0);
  }, 120_000);
});
