import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, SCHEMA_IMPORTS, type DrizzleProject } from '../helpers/drizzle-project.js';
import { generateWithRename } from '../helpers/generate-rename.js';
import { gitEnv } from '../helpers/git-repo.js';
import { runCli } from '../helpers/run-cli.js';

// One fixture per safety rule, made by the real drizzle-kit: a schema, then the change generated on top of it.
// "fires": the change is the newest migration of a folder outside git, so the table existed before it.
// "twin": the same two migrations are both new (not on the base branch `main`): the table they touch was created
// by a migration no database has applied yet, so nothing fires.

const USERS = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email'), age: integer('age'), nick: varchar('nick', { length: 100 }) });\n`;
const POSTS = `export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: integer('author_id'), title: text('title') });\n`;
const BEFORE = USERS + POSTS;
const PLACEHOLDER = `export const placeholder = pgTable('placeholder', { id: serial('id').primaryKey() });\n`;

interface Case {
  rule: string;
  after: string;
  /** Safety findings expected on the change (sorted rule ids). */
  expected: string[];
  lock?: string;
  rename?: boolean;
}

const CASES: Case[] = [
  { rule: 'lock/create-index', after: USERS.replace(" });\n", " }, (t) => [index('users_name_idx').on(t.name)]);\n") + POSTS, expected: ['lock/create-index'], lock: 'SHARE' },
  { rule: 'lock/table-rewrite', after: USERS.replace("age: integer('age')", "age: text('age')") + POSTS, expected: ['lock/table-rewrite'], lock: 'ACCESS EXCLUSIVE' },
  { rule: 'lock/validate-constraint', after: USERS + POSTS.replace("integer('author_id')", "integer('author_id').references(() => users.id)"), expected: ['lock/validate-constraint'], lock: 'SHARE ROW EXCLUSIVE' },
  { rule: 'lock/set-not-null', after: USERS.replace("name: text('name')", "name: text('name').notNull()") + POSTS, expected: ['lock/set-not-null'], lock: 'ACCESS EXCLUSIVE' },
  { rule: 'data/not-null-without-default', after: USERS.replace("name: text('name')", "name: text('name'), tenant: integer('tenant').notNull()") + POSTS, expected: ['data/not-null-without-default'], lock: 'ACCESS EXCLUSIVE' },
  { rule: 'data/unique-on-existing', after: USERS.replace("email: text('email')", "email: text('email').unique()") + POSTS, expected: ['data/unique-on-existing', 'lock/create-index'], lock: 'ACCESS EXCLUSIVE' },
  { rule: 'destructive/drop-table', after: USERS, expected: ['destructive/drop-table'] },
  { rule: 'destructive/drop-column', after: USERS.replace(", nick: varchar('nick', { length: 100 })", '') + POSTS, expected: ['destructive/drop-column'] },
  { rule: 'compat/rename-table', after: USERS + POSTS.replace("pgTable('posts'", "pgTable('articles'"), expected: ['compat/rename-table'], rename: true },
  { rule: 'compat/rename-column', after: USERS.replace("name: text('name')", "fullName: text('full_name')") + POSTS, expected: ['compat/rename-column'], rename: true },
];

const SAFETY = /^(lock|data|destructive|compat)\//;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(): DrizzleProject {
  const p = createDrizzleProject();
  dirs.push(p.dir);
  return p;
}

async function change(p: DrizzleProject, c: Case): Promise<string> {
  if (!c.rename) return (await p.generate(c.after, 'change'))!;
  return generateWithRename(p.dir, SCHEMA_IMPORTS + c.after, 'change');
}

async function safetyFindings(dir: string, args: string[] = [], env?: NodeJS.ProcessEnv) {
  const run = await runCli(['check', '--json', '--no-baseline', ...args], { cwd: dir, timeoutMs: 20_000, env });
  const json = run.json();
  return { code: run.code, findings: (json.findings as any[]).filter((f) => SAFETY.test(f.rule)) };
}

describe.each(CASES)('$rule', (c) => {
  it('fires on a table an earlier migration created', async () => {
    const p = project();
    await p.generate(BEFORE, 'before');
    const tag = await change(p, c);
    const { code, findings } = await safetyFindings(p.dir);
    expect(code).toBe(1);
    expect(findings.map((f) => f.rule).sort()).toEqual(c.expected);
    const finding = findings.find((f) => f.rule === c.rule);
    expect(finding).toMatchObject({ tag, file: `drizzle/${tag}.sql`, severity: 'error' });
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.message).toContain(`drizzle/${tag}.sql:${finding.line} \``);
    if (c.lock) expect(finding.message).toContain(`takes ${c.lock} on public.`);
    if (c.rule.startsWith('lock/')) expect(finding.message).toContain('ONE transaction');
    expect(finding.fix.length).toBeGreaterThan(40);
  });

  it('twin: does not fire when a new migration created the table', async () => {
    const p = project();
    const home = mkdtempSync(join(tmpdir(), 'dg-safety-home-'));
    dirs.push(home);
    const env = gitEnv(home);
    const git = (args: string[]) => execFileSync('git', args, { cwd: p.dir, env, stdio: 'pipe' });
    git(['init', '-q']);
    await p.generate(PLACEHOLDER, 'placeholder');
    git(['add', '-A']);
    git(['commit', '-qm', 'placeholder']);
    await p.generate(PLACEHOLDER + BEFORE, 'before');
    await change(p, { ...c, after: PLACEHOLDER + c.after });
    const { findings } = await safetyFindings(p.dir, [], env);
    expect(findings).toEqual([]);
    const pretty = await runCli(['check', '--no-baseline'], { cwd: p.dir, env });
    expect(pretty.stdout).toContain('safety rules judged 2 migrations not on main');
    // The same change judged alone (--all: earlier migrations are history) fires again: the twin differs only in
    // what is new.
    const all = await safetyFindings(p.dir, ['--all'], env);
    expect(all.findings.map((f) => f.rule).sort()).toEqual(c.expected);
  });
});

describe('same-migration twins (the statement and the CREATE TABLE in one generated migration)', () => {
  it.each([
    ['lock/create-index', USERS.replace(" });\n", " }, (t) => [index('users_name_idx').on(t.name)]);\n")],
    ['lock/validate-constraint', USERS + POSTS.replace("integer('author_id')", "integer('author_id').references(() => users.id)")],
    ['data/unique-on-existing', USERS.replace("email: text('email')", "email: text('email').unique()")],
  ])('%s does not fire', async (_rule, schema) => {
    const p = project();
    await p.generate(PLACEHOLDER, 'placeholder');
    const tag = (await p.generate(PLACEHOLDER + schema, 'tables'))!;
    expect(p.read(`drizzle/${tag}.sql`)).toMatch(/CREATE (UNIQUE )?INDEX|FOREIGN KEY|UNIQUE/);
    const { code, findings } = await safetyFindings(p.dir);
    expect(findings).toEqual([]);
    expect(code).toBe(0);
  });
});
