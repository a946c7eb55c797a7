import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CONNECT_OPTIONS, withReadOnlyDatabase } from '../../src/db/postgres-client.js';
import { fsSource } from '../../src/folder/fs-source.js';
import { loadPrismaFolder } from '../../src/systems/prisma/load-folder.js';
import { verifyPrismaDatabase } from '../../src/systems/prisma/verify-database.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { createPrismaProject, prismaMigrateDeploy, prismaMigrateDev, type PrismaProject } from '../helpers/prisma-project.js';

const USERS = 'model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n';
const POSTS = USERS + 'model Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n';
const TAGS = POSTS + 'model Tag {\n  id   Int    @id @default(autoincrement())\n  name String\n}\n';

let project: PrismaProject;
const dbs: Awaited<ReturnType<typeof createTestDatabase>>[] = [];
const newDb = async () => {
  const db = await createTestDatabase('prisma');
  dbs.push(db);
  return db;
};

beforeAll(async () => {
  project = createPrismaProject(USERS);
  await prismaMigrateDev(project, 'init', USERS, '20250101090000');
  await prismaMigrateDev(project, 'posts', POSTS, '20250102090000');
  await prismaMigrateDev(project, 'tags', TAGS, '20250103090000');
});
afterAll(async () => {
  await Promise.all(dbs.map((db) => db.drop()));
});

async function verify(p: PrismaProject, url: string, strict = false) {
  const folder = await loadPrismaFolder(fsSource(p.migrationsDir), 'prisma/migrations');
  return withReadOnlyDatabase(url, DEFAULT_CONNECT_OPTIONS, (client) => verifyPrismaDatabase(client, folder, { strict }));
}
const brief = (v: Awaited<ReturnType<typeof verify>>) => v.findings.map((f) => [f.rule, f.tag ?? f.key]);

function copy(): PrismaProject {
  const dir = mkdtempSync(join(tmpdir(), 'dg-prisma-copy-'));
  cpSync(project.dir, dir, { recursive: true });
  return { dir, migrationsDir: join(dir, 'prisma', 'migrations'), schemaFile: join(dir, 'prisma', 'schema.prisma') };
}

describe('verify --db on _prisma_migrations (databases migrated by the real engine)', () => {
  it('an up-to-date database is clean; a database behind reports each pending migration', async () => {
    const current = await newDb();
    expect(await prismaMigrateDeploy(project, current.url)).toEqual({ applied: ['20250101090000_init', '20250102090000_posts', '20250103090000_tags'] });
    const ok = await verify(project, current.url);
    expect(ok).toMatchObject({ findings: [], applied: 3, total: 3, migrationsTable: true });

    const behind = await newDb();
    await prismaMigrateDeploy(project, behind.url, 1);
    const v = await verify(project, behind.url);
    expect(brief(v)).toEqual([['db/pending', '20250102090000_posts'], ['db/pending', '20250103090000_tags']]);
    expect(v.applied).toBe(1);
  });

  it('a failed migration blocks every later one: error with the exact prisma migrate resolve command', async () => {
    const p = copy();
    mkdirSync(join(p.migrationsDir, '20250102120000_backfill'));
    // Hand-written (prisma migrate dev --create-only, then edited): fails on the data.
    writeFileSync(join(p.migrationsDir, '20250102120000_backfill', 'migration.sql'), 'ALTER TABLE "Post" ADD COLUMN "slug" TEXT;\nUPDATE "Post" SET "slug" = 1/0;\n');
    const db = await newDb();
    const deploy = await prismaMigrateDeploy(p, db.url);
    expect(deploy.error).toBeDefined();
    const v = await verify(p, db.url);
    expect(brief(v)).toEqual([['db/failed-migration', '20250102120000_backfill'], ['db/pending', '20250103090000_tags']]);
    const failed = v.findings[0];
    expect(failed.fix).toContain('npx prisma migrate resolve --rolled-back 20250102120000_backfill');
    expect(failed.fix).toMatch(/npx prisma migrate resolve --applied "?20250102120000_backfill"?/);
    expect(failed.message).toContain('division by zero');
    expect(v.findings[1].message).toContain('cannot be while 20250102120000_backfill is failed');
  });

  it('edited after apply is an error; a CRLF checkout of the same file is not (Prisma tolerates it)', async () => {
    const db = await newDb();
    await prismaMigrateDeploy(project, db.url);
    const p = copy();
    const sql = join(p.migrationsDir, '20250102090000_posts', 'migration.sql');
    writeFileSync(sql, readFileSync(sql, 'utf8').replaceAll('\n', '\r\n'));
    expect((await verify(p, db.url)).findings).toEqual([]);
    writeFileSync(sql, readFileSync(sql, 'utf8') + 'CREATE INDEX "Post_title_idx" ON "Post"("title");\r\n');
    const v = await verify(p, db.url);
    expect(brief(v)).toEqual([['db/edited-after-apply', '20250102090000_posts']]);
    expect(v.findings[0].file).toBe('prisma/migrations/20250102090000_posts/migration.sql');
  });

  it('applied but missing locally; pending that sorts before applied ones; no table at all', async () => {
    const db = await newDb();
    await prismaMigrateDeploy(project, db.url);
    const p = copy();
    renameSync(join(p.migrationsDir, '20250103090000_tags'), join(p.migrationsDir, '20250101100000_tags'));
    const v = await verify(p, db.url);
    expect(brief(v)).toEqual([['db/pending', '20250101100000_tags'], ['db/unknown-migration', '20250103090000_tags']]);
    expect(v.findings[0].message).toContain('sorts before 20250102090000_posts');

    const empty = await newDb();
    expect(brief(await verify(project, empty.url))).toEqual([['db/no-migrations-table', '_prisma_migrations']]);
  });
});
