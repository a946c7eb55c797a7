import { execFileSync } from 'node:child_process';
import { mkdtempSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleV1Project, type DrizzleV1Project } from './helpers/drizzle-v1-project.js';
import { gitEnv } from './helpers/git-repo.js';
import { runCli } from './helpers/run-cli.js';

const USERS = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n`;
const USERS_AGE = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), age: integer('age') }, (t) => [index('users_age_idx').on(t.age)]);\n`;
const USERS_RENAMED = `export const users = pgTable('users', { id: serial('id').primaryKey(), fullName: text('full_name') });\n`;
const RENAME_NAME = [{ type: 'rename', kind: 'column', from: ['public', 'users', 'name'], to: ['public', 'users', 'full_name'] }];

interface Finding { rule: string; tag?: string; severity: string; file?: string; message: string }

let home: string;
let env: NodeJS.ProcessEnv;
let base: DrizzleV1Project;
let init: string;
const copies: DrizzleV1Project[] = [];

const git = (p: DrizzleV1Project, args: string[]) => execFileSync('git', args, { cwd: p.dir, env, stdio: 'pipe' }).toString();

/** A copy of the committed base repo (work tree and .git): one scenario per test. */
function repo(): DrizzleV1Project {
  const p = base.copy();
  copies.push(p);
  return p;
}

/** The safety rules (docs/safety.md) rightly flag an index built on, or a rename of, the committed `users` table;
 * these tests are about the generator check, so the hazard is acknowledged the way a team would: a config exception
 * with a reason. */
function acknowledge(p: DrizzleV1Project, rule: string, tag: string): void {
  const exceptions = [{ rule, tag, reason: 'empty table in this test; the generator check is what is judged here' }];
  writeFileSync(join(p.dir, 'driftgate.config.json'), JSON.stringify({ exceptions }));
}

/** `git add -A` then the pre-commit hook's command, as lint-staged runs it (no file list: every folder judged). */
async function preCommit(p: DrizzleV1Project) {
  git(p, ['add', '-A']);
  const run = await runCli(['pre-commit', '--json', '--no-baseline'], { cwd: p.dir, env });
  expect(run.stderr).toBe('');
  const findings = run.json<{ findings: Finding[] }>().findings;
  return { code: run.code, findings, generated: findings.filter((f) => f.rule === 'sql/not-generated') };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'dg-v1-gen-home-'));
  env = gitEnv(home);
  base = createDrizzleV1Project();
  init = (await base.generate(USERS, 'init'))!;
  writeFileSync(join(base.dir, '.gitignore'), 'node_modules\n');
  writeFileSync(join(base.dir, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  git(base, ['init', '-q']);
  git(base, ['add', '-A']);
  git(base, ['commit', '-q', '--no-verify', '-m', 'init']);
});
afterAll(() => {
  for (const c of copies) c.cleanup();
  base?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('pre-commit: sql/not-generated on the drizzle-kit 1.0 layout (drizzle-kit/api-postgres)', () => {
  it('accepts a migration drizzle-kit 1.0 generated', async () => {
    const p = repo();
    const age = (await p.generate(USERS_AGE, 'add_age'))!;
    expect(age).toMatch(/^\d{14}_add_age$/);
    acknowledge(p, 'lock/create-index', age);
    const result = await preCommit(p);
    expect(result.findings.map((f) => f.rule)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('rejects a hand-edited new migration with sql/not-generated, naming the file', async () => {
    const p = repo();
    const age = (await p.generate(USERS_AGE, 'add_age'))!;
    const sql = p.read(`drizzle/${age}/migration.sql`);
    p.write(`drizzle/${age}/migration.sql`, `${sql}--> statement-breakpoint\nUPDATE "users" SET "age" = 0;`);
    const result = await preCommit(p);
    expect(result.generated.map((f) => `${f.severity} ${f.tag} ${f.file}`)).toEqual([`error ${age} drizzle/${age}/migration.sql`]);
    expect(result.generated[0].message).toContain('was edited by hand');
    expect(result.code).toBe(1);
    expect(init).toBeDefined();
  });

  it('accepts a rename (answered with a hint when generated): the snapshot\'s rename delta becomes the hint', async () => {
    const p = repo();
    const renamed = (await p.generate(USERS_RENAMED, 'rename_name', RENAME_NAME))!;
    expect(p.read(`drizzle/${renamed}/migration.sql`)).toBe('ALTER TABLE "users" RENAME COLUMN "name" TO "full_name";');
    acknowledge(p, 'compat/rename-column', renamed);
    const result = await preCommit(p);
    expect(result.findings.map((f) => f.rule)).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('rejects a rename migration whose SQL was swapped for drop + add (byte-for-byte against the hinted rename)', async () => {
    const p = repo();
    const renamed = (await p.generate(USERS_RENAMED, 'rename_name', RENAME_NAME))!;
    p.write(`drizzle/${renamed}/migration.sql`, 'ALTER TABLE "users" DROP COLUMN "name";--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "full_name" text;');
    const result = await preCommit(p);
    expect(result.generated.map((f) => `${f.severity} ${f.tag}`)).toEqual([`error ${renamed}`]);
    expect(result.generated[0].message).toContain('with the 1 rename its snapshot records');
    expect(result.generated[0].message).toContain('RENAME COLUMN');
    expect(result.code).toBe(1);
  });

  it('accepts a merge migration (two parents): drizzle-kit rebuilds the combined state of both branches', async () => {
    const p = repo();
    const POSTS = `export const posts = pgTable('posts', { id: serial('id').primaryKey() });\n`;
    const TAGS = `export const tags = pgTable('tags', { id: serial('id').primaryKey() });\n`;
    await p.generate(USERS + POSTS, 'posts');
    // The other branch: generated from the same parent elsewhere, its folder merged in by git.
    const other = repo();
    const tags = (await other.generate(USERS + TAGS, 'tags'))!;
    renameSync(join(other.out, tags), join(p.out, tags));
    git(p, ['add', '-A']);
    git(p, ['commit', '-q', '--no-verify', '-m', 'merge branches']);
    const merged = (await p.generate(USERS.replace("text('name')", "text('name'), bio: text('bio')") + POSTS + TAGS, 'merge'))!;
    expect(JSON.parse(p.read(`drizzle/${merged}/snapshot.json`)).prevIds).toHaveLength(2);
    expect(p.read(`drizzle/${merged}/migration.sql`)).toBe('ALTER TABLE "users" ADD COLUMN "bio" text;');
    const result = await preCommit(p);
    expect(result.findings.map((f) => f.rule)).toEqual([]);
    expect(result.code).toBe(0);
    // Judged, not skipped: re-creating a branch's table in the merge is not what drizzle-kit generates.
    p.write(`drizzle/${merged}/migration.sql`, 'CREATE TABLE "tags" (\n\t"id" serial PRIMARY KEY\n);\n--> statement-breakpoint\nALTER TABLE "users" ADD COLUMN "bio" text;');
    const edited = await preCommit(p);
    expect(edited.generated.map((f) => `${f.severity} ${f.tag}`)).toEqual([`error ${merged}`]);
  });

  it('a custom migration (generate --custom) is sql/custom-migration, not sql/not-generated', async () => {
    const p = repo();
    const custom = await p.custom('backfill', '-- Custom SQL migration file, put your code below! --\nUPDATE "users" SET "name" = \'x\';\n');
    const result = await preCommit(p);
    expect(result.findings.map((f) => `${f.rule} ${f.severity} ${f.tag}`)).toEqual([`sql/custom-migration warn ${custom}`]);
    expect(result.code).toBe(0);
  });

  it('drizzle-kit missing: one warning that the SQL was not compared, not an error', async () => {
    const p = repo();
    const age = (await p.generate(USERS_AGE, 'add_age'))!;
    p.write(`drizzle/${age}/migration.sql`, `${p.read(`drizzle/${age}/migration.sql`)}\n-- hand edit`);
    unlinkSync(join(p.dir, 'node_modules/drizzle-kit'));
    acknowledge(p, 'lock/create-index', age);
    const result = await preCommit(p);
    expect(result.generated.map((f) => f.severity)).toEqual(['warn']);
    expect(result.generated[0].message).toContain(`the SQL of ${age} was not compared`);
    expect(result.generated[0].message).toContain('drizzle-kit 1.0 (drizzle-kit/api-postgres) is not installed');
    expect(result.code).toBe(0);
  });
});
