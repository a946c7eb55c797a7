import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitEnv } from '../helpers/git-repo.js';
import { BIN } from '../helpers/paths.js';
import { createPrismaProject, DATASOURCE, prismaMigrateDev, type PrismaProject } from '../helpers/prisma-project.js';
import { runCli } from '../helpers/run-cli.js';

/** The git hooks on a Prisma Migrate folder, in real repositories with a real remote. */

const USERS = 'model User {\n  id    Int    @id @default(autoincrement())\n  email String @unique\n}\n';
const POSTS = USERS + 'model Post {\n  id    Int    @id @default(autoincrement())\n  title String\n}\n';
const TAGS = POSTS + 'model Tag {\n  id   Int    @id @default(autoincrement())\n  name String\n}\n';

interface Finding { rule: string; tag?: string; severity: string; file?: string; message: string }

let home: string;
let env: NodeJS.ProcessEnv;
let base: PrismaProject;
let remote: string;
/** The engine's migration for TAGS on top of init + posts, generated once: tests write it as `<stamp>_tags`. */
let tagsSql: string;
const dirs: string[] = [];

const git = (dir: string, args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' }).toString();

function repo(): PrismaProject {
  const dir = mkdtempSync(join(tmpdir(), 'dg-prisma-hooks-'));
  dirs.push(dir);
  cpSync(base.dir, dir, { recursive: true });
  const ownRemote = `${dir}-remote.git`;
  dirs.push(ownRemote);
  cpSync(remote, ownRemote, { recursive: true });
  git(dir, ['remote', 'set-url', 'origin', ownRemote]);
  return { dir, migrationsDir: join(dir, 'prisma', 'migrations'), schemaFile: join(dir, 'prisma', 'schema.prisma') };
}

/** What `prisma migrate dev --name tags` leaves here (schema.prisma edited, the migration stamped `stamp`). */
function writeTags(p: PrismaProject, stamp: string): string {
  writeFileSync(p.schemaFile, DATASOURCE + '\n' + TAGS);
  const tag = `${stamp}_tags`;
  mkdirSync(join(p.migrationsDir, tag));
  writeFileSync(join(p.migrationsDir, tag, 'migration.sql'), tagsSql);
  return tag;
}

async function preCommit(p: PrismaProject, files: string[] = [], extraEnv: NodeJS.ProcessEnv = {}) {
  git(p.dir, ['add', '-A']);
  const run = await runCli(['pre-commit', '--json', '--no-baseline', ...files], { cwd: p.dir, env: { ...env, ...extraEnv } });
  const findings = run.json<{ findings: Finding[] }>().findings;
  return { code: run.code, findings, stderr: run.stderr, rules: findings.map((f) => `${f.rule} ${f.severity} ${f.file}`) };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'dg-prisma-hooks-home-'));
  env = gitEnv(home);
  base = createPrismaProject(USERS);
  await prismaMigrateDev(base, 'init', USERS, '20250101090000');
  await prismaMigrateDev(base, 'posts', POSTS, '20250102090000');
  writeFileSync(join(base.dir, 'driftgate.config.json'), JSON.stringify({ typecheck: false, replay: false }));
  mkdirSync(join(base.dir, '.hooks'));
  writeFileSync(join(base.dir, '.hooks/pre-push'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" pre-push "$@"\n`);
  chmodSync(join(base.dir, '.hooks/pre-push'), 0o755);
  git(base.dir, ['init', '-q', '-b', 'main']);
  git(base.dir, ['config', 'core.hooksPath', '.hooks']);
  git(base.dir, ['add', '-A']);
  git(base.dir, ['commit', '-q', '--no-verify', '-m', 'init']);
  remote = join(home, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', remote], { env });
  git(base.dir, ['remote', 'add', 'origin', remote]);
  git(base.dir, ['push', '-q', '--no-verify', '-u', 'origin', 'main']);
  const scratch = repo();
  const tag = await prismaMigrateDev(scratch, 'tags', TAGS, '20250103090000');
  tagsSql = readFileSync(join(scratch.migrationsDir, tag, 'migration.sql'), 'utf8');
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('pre-commit on a Prisma folder', () => {
  it('a new engine-made migration passes (exit 0)', async () => {
    const p = repo();
    writeTags(p, '20250103090000');
    const result = await preCommit(p);
    expect(result.rules).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('git/edited-migration: an edit of a pushed migration.sql is rejected, the file named', async () => {
    const p = repo();
    const sql = join(p.migrationsDir, '20250101090000_init', 'migration.sql');
    writeFileSync(sql, readFileSync(sql, 'utf8') + '\nCREATE INDEX "User_email_idx" ON "User"("email");\n');
    const result = await preCommit(p);
    expect(result.rules).toEqual(['git/edited-migration error prisma/migrations/20250101090000_init/migration.sql']);
    expect(result.code).toBe(1);
  });

  it('git/edited-migration: a renamed or deleted pushed folder is rejected', async () => {
    const p = repo();
    renameSync(join(p.migrationsDir, '20250102090000_posts'), join(p.migrationsDir, '20250102090000_add_posts'));
    const result = await preCommit(p);
    expect(result.findings.filter((f) => f.rule === 'git/edited-migration').map((f) => f.file)).toEqual(['prisma/migrations/20250102090000_posts/migration.sql']);
    expect(result.findings.find((f) => f.rule === 'git/edited-migration')!.message).toContain('deleted (or renamed)');
    expect(result.code).toBe(1);
  });

  it('prisma/order: a new migration that sorts before the committed ones', async () => {
    const p = repo();
    const tag = writeTags(p, '20250101120000');
    const result = await preCommit(p);
    expect(result.rules).toEqual([`prisma/order error prisma/migrations/${tag}/migration.sql`]);
    expect(result.code).toBe(1);
  });
});

describe('pre-commit: schema/out-of-sync decided by Prisma\'s engine (migrations replayed on embedded Postgres)', () => {
  it('schema.prisma changed without a migration is an error; with the engine-made migration it passes', async () => {
    const p = repo();
    writeFileSync(p.schemaFile, DATASOURCE + '\n' + TAGS);
    const alone = await preCommit(p, ['prisma/schema.prisma'], { DEBUG: 'driftgate' });
    expect(alone.rules).toEqual(['schema/out-of-sync error prisma/schema.prisma']);
    // Prisma has no generator check: drizzle-kit's worker is not started, neither early nor for the target
    expect(alone.stderr).not.toContain('generator worker');
    expect(alone.stderr).toContain('prisma schema engine');
    expect(alone.findings[0].message).toContain('prisma migrate dev would write a new migration (Added tables: Tag)');
    expect(alone.code).toBe(1);
    const tag = writeTags(p, '20250103090000');
    const withMigration = await preCommit(p, ['prisma/schema.prisma', `prisma/migrations/${tag}/migration.sql`]);
    expect(withMigration.rules).toEqual([]);
    expect(withMigration.code).toBe(0);
  }, 180_000);
});

describe('pre-push on a Prisma folder', () => {
  it('git/uncommitted-migration: pushing while a migration folder is untracked', async () => {
    const p = repo();
    writeTags(p, '20250103090000');
    writeFileSync(join(p.dir, 'notes.txt'), 'x\n');
    git(p.dir, ['add', 'notes.txt']);
    git(p.dir, ['commit', '-q', '--no-verify', '-m', 'notes']);
    const run = spawnPush(p);
    expect(run.status).toBe(1);
    expect(run.stderr + run.stdout).toContain('git/uncommitted-migration');
    expect(run.stderr + run.stdout).toContain('prisma/migrations/20250103090000_tags/migration.sql is untracked');
  });

  it('a push that changes neither schema.prisma nor the folder does not run the engine\'s schema check again', async () => {
    const p = repo();
    writeFileSync(join(p.dir, 'notes.txt'), 'x\n');
    git(p.dir, ['add', 'notes.txt']);
    git(p.dir, ['commit', '-q', '--no-verify', '-m', 'notes']);
    const run = spawnPush(p, { DEBUG: 'driftgate' });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/schema .*unchanged by the push/);
    expect(run.stderr).toContain('schema: not compared again for prisma/migrations');
    expect(run.stderr).not.toContain('prisma schema engine'); // the wasm engine was never loaded
  });

  it('a pushed commit that edits a pushed migration is rejected; a new migration is let through', async () => {
    const p = repo();
    writeTags(p, '20250103090000');
    git(p.dir, ['add', '-A']);
    git(p.dir, ['commit', '-q', '--no-verify', '-m', 'tags']);
    const ok = spawnPush(p);
    expect(ok.stderr + ok.stdout, ok.stderr + ok.stdout).not.toMatch(/✖/);
    expect(ok.status).toBe(0);
    const sql = join(p.migrationsDir, '20250102090000_posts', 'migration.sql');
    writeFileSync(sql, readFileSync(sql, 'utf8').replace('"title" TEXT NOT NULL', '"title" VARCHAR(200) NOT NULL'));
    git(p.dir, ['commit', '-q', '--no-verify', '-am', 'edit']);
    const edited = spawnPush(p);
    expect(edited.status).toBe(1);
    expect(edited.stderr + edited.stdout).toContain('git/edited-migration');
  });
});

function spawnPush(p: PrismaProject, extraEnv: NodeJS.ProcessEnv = {}) {
  // stderr kept on success too: the hook's task list and notes go there
  const result = spawnSync('git', ['push', '-q', 'origin', 'main'], { cwd: p.dir, env: { ...env, NO_COLOR: '1', ...extraEnv }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
