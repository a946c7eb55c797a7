import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run-rules.js';
import { fsSource } from '../../src/folder/fs-source.js';
import { createCheckContext } from '../../src/rules/check-context.js';
import { matchesChecksum, prismaChecksum } from '../../src/systems/prisma/checksum.js';
import { discoverPrisma } from '../../src/systems/prisma/discover.js';
import { loadPrismaFolder } from '../../src/systems/prisma/load-folder.js';
import { prismaRules } from '../../src/systems/prisma/rules/index.js';
import { createPrismaProject, prismaMigrateDev, type PrismaProject } from '../helpers/prisma-project.js';

export const USERS = 'model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n';
export const POSTS = USERS + 'model Post {\n  id       Int    @id @default(autoincrement())\n  title    String\n  authorId Int\n}\n';

let base: PrismaProject;

beforeAll(async () => {
  base = createPrismaProject(USERS);
  await prismaMigrateDev(base, 'init', USERS, '20250101090000');
  await prismaMigrateDev(base, 'posts', POSTS, '20250102090000');
});

/** A copy of the engine-built project to break one way. */
function copy(): PrismaProject {
  const dir = mkdtempSync(join(tmpdir(), 'dg-prisma-copy-'));
  cpSync(base.dir, dir, { recursive: true });
  return { dir, migrationsDir: join(dir, 'prisma', 'migrations'), schemaFile: join(dir, 'prisma', 'schema.prisma') };
}

async function findings(project: PrismaProject, onlyTags?: string[]) {
  const folder = await loadPrismaFolder(fsSource(project.migrationsDir), 'prisma/migrations');
  return runRules(prismaRules, createCheckContext(folder, { onlyTags: onlyTags && new Set(onlyTags) }), 'prisma/migrations');
}

describe('Prisma folder rules on engine-built migrations', () => {
  it('a project built by the real engine is clean', async () => {
    expect(readFileSync(join(base.migrationsDir, '20250102090000_posts', 'migration.sql'), 'utf8')).toContain('CREATE TABLE "Post"');
    expect(await findings(base)).toEqual([]);
  });

  it('prisma/missing-sql: a folder without migration.sql', async () => {
    const p = copy();
    mkdirSync(join(p.migrationsDir, '20250103090000_draft'));
    const found = await findings(p);
    expect(found.map((f) => [f.rule, f.severity, f.file])).toEqual([['prisma/missing-sql', 'error', 'prisma/migrations/20250103090000_draft']]);
  });

  it('prisma/lock-provider: missing lock file warns, another provider is an error', async () => {
    const p = copy();
    rmSync(join(p.migrationsDir, 'migration_lock.toml'));
    expect((await findings(p)).map((f) => [f.rule, f.severity])).toEqual([['prisma/lock-provider', 'warn']]);
    writeFileSync(join(p.migrationsDir, 'migration_lock.toml'), 'provider = "mysql"\n');
    const found = await findings(p);
    expect(found.map((f) => [f.rule, f.severity, f.file])).toEqual([['prisma/lock-provider', 'error', 'prisma/migrations/migration_lock.toml']]);
    expect(found[0].message).toContain('"mysql"');
  });

  it('prisma/folder-name: an off-pattern name in a timestamped history; none in an all-custom history', async () => {
    const p = copy();
    renameSync(join(p.migrationsDir, '20250102090000_posts'), join(p.migrationsDir, '20250102_posts'));
    const found = await findings(p);
    expect(found.map((f) => [f.rule, f.tag])).toEqual([['prisma/folder-name', '20250102_posts']]);
    renameSync(join(p.migrationsDir, '20250101090000_init'), join(p.migrationsDir, '01_init'));
    renameSync(join(p.migrationsDir, '20250102_posts'), join(p.migrationsDir, '02_posts'));
    expect(await findings(p)).toEqual([]);
  });

  it('prisma/duplicate-timestamp: two folders, one timestamp', async () => {
    const p = copy();
    renameSync(join(p.migrationsDir, '20250102090000_posts'), join(p.migrationsDir, '20250101090000_posts'));
    const found = await findings(p);
    expect(found.map((f) => [f.rule, f.tag, f.severity])).toEqual([['prisma/duplicate-timestamp', '20250101090000_posts', 'warn']]);
  });

  it('prisma/order: a new migration sorting before a committed one (only when judging a change)', async () => {
    const p = copy();
    const tag = await prismaMigrateDev(p, 'late', POSTS + 'model Tag {\n  id Int @id\n}\n', '20250101120000');
    expect(await findings(p)).toEqual([]);
    const found = await findings(p, [tag]);
    expect(found.map((f) => [f.rule, f.tag, f.file])).toEqual([['prisma/order', tag, `prisma/migrations/${tag}/migration.sql`]]);
    expect(found[0].message).toContain('20250102090000_posts');
  });

  it('prisma/empty-migration: comments only', async () => {
    const p = copy();
    mkdirSync(join(p.migrationsDir, '20250103090000_todo'));
    writeFileSync(join(p.migrationsDir, '20250103090000_todo', 'migration.sql'), '-- This is an empty migration.\n');
    expect((await findings(p)).map((f) => [f.rule, f.tag])).toEqual([['prisma/empty-migration', '20250103090000_todo']]);
  });

  it('applies folders in localeCompare order, as the Prisma CLI lists them', async () => {
    const p = copy();
    renameSync(join(p.migrationsDir, '20250102090000_posts'), join(p.migrationsDir, '20250101_posts'));
    const folder = await loadPrismaFolder(fsSource(p.migrationsDir), 'm');
    // Byte order would put "20250101_" after "20250101090000_"; Prisma's localeCompare puts it first.
    expect(folder.migrations.map((m) => m.tag)).toEqual(['20250101_posts', '20250101090000_init']);
  });
});

describe('Prisma checksums', () => {
  it('match the engine (sha256 hex) and tolerate CRLF/LF like it does', () => {
    const lf = 'CREATE TABLE "a" ("id" INT);\nCREATE TABLE "b" ("id" INT);\n';
    const crlf = lf.replaceAll('\n', '\r\n');
    expect(prismaChecksum('hello')).toBe('2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824');
    expect(matchesChecksum(crlf, prismaChecksum(lf))).toBe(true);
    expect(matchesChecksum(lf, prismaChecksum(crlf))).toBe(true);
    expect(matchesChecksum(lf + '-- edited\n', prismaChecksum(lf))).toBe(false);
    // Old engines wrote checksums without zero padding.
    const unpadded = [...Buffer.from(prismaChecksum(lf), 'hex')].map((b) => b.toString(16)).join('');
    if (unpadded.length !== 64) expect(matchesChecksum(lf, unpadded)).toBe(true);
  });
});

describe('Prisma project discovery', () => {
  it('finds prisma/schema.prisma, a multi-file schema folder, and prisma.config.ts paths', () => {
    expect(discoverPrisma(base.dir)).toMatchObject({ schemaPath: base.schemaFile, migrationsDir: base.migrationsDir });

    const multi = mkdtempSync(join(tmpdir(), 'dg-prisma-multi-'));
    mkdirSync(join(multi, 'prisma', 'schema', 'models'), { recursive: true });
    mkdirSync(join(multi, 'prisma', 'migrations'));
    writeFileSync(join(multi, 'prisma', 'schema', 'schema.prisma'), 'datasource db {\n  provider = "postgresql"\n}\n');
    writeFileSync(join(multi, 'prisma', 'schema', 'models', 'user.prisma'), USERS);
    const found = discoverPrisma(multi)!;
    expect(found.schemaFiles.map((f) => f.slice(multi.length + 1))).toEqual(['prisma/schema/models/user.prisma', 'prisma/schema/schema.prisma']);
    expect(found.migrationsDir).toBe(join(multi, 'prisma', 'migrations'));

    const configured = mkdtempSync(join(tmpdir(), 'dg-prisma-config-'));
    mkdirSync(join(configured, 'db', 'history'), { recursive: true });
    writeFileSync(join(configured, 'db', 'app.prisma'), 'datasource db {\n  provider = "postgresql"\n}\n' + USERS);
    writeFileSync(join(configured, 'prisma.config.ts'), `import 'dotenv/config';\nimport { defineConfig, env } from 'prisma/config';\nexport default defineConfig({\n  schema: 'db/app.prisma',\n  migrations: { path: 'db/history', seed: 'tsx seed.ts' },\n  datasource: { url: env('DATABASE_URL') },\n});\n`);
    expect(discoverPrisma(configured)).toMatchObject({ schemaPath: join(configured, 'db', 'app.prisma'), migrationsDir: join(configured, 'db', 'history'), configFile: join(configured, 'prisma.config.ts') });
    expect(discoverPrisma(mkdtempSync(join(tmpdir(), 'dg-none-')))).toBeUndefined();
  });
});
