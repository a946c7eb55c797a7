import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject } from './helpers/drizzle-project.js';
import { createDrizzleV1Project, V1_SCHEMA_IMPORTS, type DrizzleV1Project } from './helpers/drizzle-v1-project.js';
import { gitEnv } from './helpers/git-repo.js';
import { BIN } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

/** The git hooks on a drizzle-kit 1.0 folder (no journal): git/edited-migration over `<folder>/migration.sql` and
 * `snapshot.json`, schema/out-of-sync through drizzle-kit 1.0's own API, and pre-push through a real `git push`. */

const USERS = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n`;
const USERS_AGE = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), age: integer('age') });\n`;

interface Finding { rule: string; tag?: string; severity: string; file?: string; message: string }

let home: string;
let env: NodeJS.ProcessEnv;
let base: DrizzleV1Project;
let remote: string;
let init: string;
/** drizzle-kit 1.0's output for USERS_AGE on top of `init`, generated ONCE; tests write it instead of generating. */
let age: { tag: string; files: Map<string, Buffer> };
const copies: DrizzleV1Project[] = [];

const git = (p: DrizzleV1Project, args: string[]) => execFileSync('git', args, { cwd: p.dir, env, stdio: 'pipe' }).toString();

/** A copy of the committed, pushed base repo with its own copy of the remote: one scenario per test. */
function repo(): DrizzleV1Project {
  const p = base.copy();
  copies.push(p);
  const ownRemote = join(p.dir, '..', `${p.dir.split('/').pop()}-remote.git`);
  cpSync(remote, ownRemote, { recursive: true });
  git(p, ['remote', 'set-url', 'origin', ownRemote]);
  return p;
}

/** What running `drizzle-kit generate` for USERS_AGE here would write: schema.ts and the migration folder. */
function writeAge(p: DrizzleV1Project): string {
  p.write('schema.ts', V1_SCHEMA_IMPORTS + USERS_AGE);
  mkdirSync(join(p.out, age.tag), { recursive: true });
  for (const [name, data] of age.files) writeFileSync(join(p.out, age.tag, name), data);
  return age.tag;
}

/** `git add -A`, then `driftgate pre-commit [files]` as lint-staged runs it. */
async function preCommit(p: DrizzleV1Project, files: string[] = [], extra: string[] = []) {
  git(p, ['add', '-A']);
  const run = await runCli(['pre-commit', '--json', '--no-baseline', ...extra, ...files], { cwd: p.dir, env });
  const findings = run.json<{ findings: Finding[] }>().findings;
  return { code: run.code, findings, stderr: run.stderr, rules: findings.map((f) => `${f.rule} ${f.severity} ${f.file}`) };
}

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'dg-v1-hooks-home-'));
  env = gitEnv(home);
  base = createDrizzleV1Project();
  init = (await base.generate(USERS, 'init'))!;
  writeFileSync(join(base.dir, '.gitignore'), 'node_modules\n');
  writeFileSync(join(base.dir, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  // pre-push as husky would run it: the built CLI, git's arguments and ref lines passed through.
  mkdirSync(join(base.dir, '.hooks'));
  writeFileSync(join(base.dir, '.hooks/pre-push'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" pre-push "$@"\n`);
  chmodSync(join(base.dir, '.hooks/pre-push'), 0o755);
  git(base, ['init', '-q']);
  git(base, ['config', 'core.hooksPath', '.hooks']);
  git(base, ['add', '-A']);
  git(base, ['commit', '-q', '--no-verify', '-m', 'init']);
  remote = join(home, 'remote.git');
  execFileSync('git', ['init', '-q', '--bare', remote], { env });
  git(base, ['remote', 'add', 'origin', remote]);
  git(base, ['push', '-q', '--no-verify', '-u', 'origin', 'main']);
  const tag = (await base.generate(USERS_AGE, 'add_age'))!;
  age = { tag, files: new Map(['migration.sql', 'snapshot.json'].map((f) => [f, readFileSync(join(base.out, tag, f))])) };
  rmSync(join(base.out, tag), { recursive: true });
  git(base, ['checkout', '-q', '--', 'schema.ts']);
});
afterAll(() => {
  for (const c of copies) rmSync(join(c.dir, '..', `${c.dir.split('/').pop()}-remote.git`), { recursive: true, force: true });
  for (const c of copies) c.cleanup();
  base?.cleanup();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('pre-commit on a drizzle-kit 1.0 folder: git/edited-migration', () => {
  it('rejects an edit of a pushed <folder>/migration.sql (file named, exit 1); journal/not-append-only stays silent', async () => {
    const p = repo();
    p.write(`drizzle/${init}/migration.sql`, `${p.read(`drizzle/${init}/migration.sql`)}\n-- tweak`);
    const result = await preCommit(p);
    expect(result.rules).toEqual([`git/edited-migration error drizzle/${init}/migration.sql`]);
    expect(result.findings[0].message).toContain(`${init}/migration.sql is modified, but it is already pushed (on origin/main)`);
    expect(result.code).toBe(1);
  });

  it('rejects a renamed pushed migration folder: both files are gone from where databases know them', async () => {
    const p = repo();
    renameSync(join(p.out, init), join(p.out, init.replace(/_init$/, '_first')));
    const result = await preCommit(p);
    const edited = result.findings.filter((f) => f.rule === 'git/edited-migration');
    expect(edited.map((f) => f.file).sort()).toEqual([`drizzle/${init}/migration.sql`, `drizzle/${init}/snapshot.json`]);
    expect(edited[0].message).toContain('deleted (or renamed)');
    expect(result.code).toBe(1);
  });

  it('allows editing a committed but unpushed migration; sql/not-generated judges the edit instead', async () => {
    const p = repo();
    writeAge(p);
    git(p, ['add', '-A']);
    git(p, ['commit', '-q', '--no-verify', '-m', 'age']);
    p.write(`drizzle/${age.tag}/migration.sql`, 'ALTER TABLE "users" ADD COLUMN "age" bigint;');
    const result = await preCommit(p);
    expect(result.rules).toEqual([`sql/not-generated error drizzle/${age.tag}/migration.sql`]);
    expect(result.code).toBe(1);
  });
});

describe('pre-commit on the drizzle-kit up commit (0.x journal folder on the remote → 1.0 folders)', () => {
  it('accepts the real drizzle-kit up as a move; an SQL edit smuggled into the upgrade is git/edited-migration', async () => {
    // A 0.x history (generated by drizzle-kit 0.31), pushed, in a project now on drizzle-kit 1.0.
    const old = createDrizzleProject();
    const p = createDrizzleV1Project();
    copies.push(p);
    try {
      await old.generate(USERS);
      cpSync(old.out, p.out, { recursive: true });
    } finally {
      old.cleanup();
    }
    p.write('schema.ts', V1_SCHEMA_IMPORTS + USERS);
    writeFileSync(join(p.dir, '.gitignore'), 'node_modules\n');
    git(p, ['init', '-q']);
    git(p, ['add', '-A']);
    git(p, ['commit', '-q', '--no-verify', '-m', '0.x history']);
    const ownRemote = join(p.dir, '..', `${p.dir.split('/').pop()}-remote.git`);
    execFileSync('git', ['init', '-q', '--bare', ownRemote], { env });
    git(p, ['remote', 'add', 'origin', ownRemote]);
    git(p, ['push', '-q', '--no-verify', '-u', 'origin', 'main']);

    // Before the upgrade: a schema change cannot be compared by drizzle-kit 1.0 on a 0.x folder, and it says why.
    p.write('schema.ts', V1_SCHEMA_IMPORTS + USERS_AGE);
    const before = await preCommit(p, ['schema.ts']);
    expect(before.rules).toEqual(['schema/out-of-sync warn undefined']);
    expect(before.findings[0].message).toContain('drizzle-kit 1.0.0-rc.5 is installed, and it does not generate the 0.x journal layout');
    expect(before.code).toBe(0);
    p.write('schema.ts', V1_SCHEMA_IMPORTS + USERS);

    const up = await p.up();
    expect(up.ok, up.output).toBe(true);
    const [folder] = p.folders();
    expect(folder).toMatch(/^\d{14}_/);
    const upgraded = await preCommit(p, [`drizzle/${folder}/migration.sql`, 'schema.ts']);
    expect(upgraded.findings).toEqual([]);
    expect(upgraded.code).toBe(0);

    p.write(`drizzle/${folder}/migration.sql`, `${p.read(`drizzle/${folder}/migration.sql`)}\n-- and one more thing`);
    const edited = await preCommit(p);
    expect(edited.rules).toEqual([`git/edited-migration error drizzle/${folder}/migration.sql`]);
    expect(edited.findings[0].message).toContain('(drizzle-kit up), but its SQL changed on the way');
    expect(edited.code).toBe(1);
  });
});

describe('pre-commit on a drizzle-kit 1.0 folder: schema/out-of-sync via drizzle-kit/api-postgres', () => {
  it('schema.ts changed without drizzle-kit generate → schema/out-of-sync, and no 0.x worker is started', async () => {
    const p = repo();
    p.write('schema.ts', V1_SCHEMA_IMPORTS + USERS_AGE);
    const result = await preCommit(p, ['schema.ts'], ['--debug']);
    expect(result.rules).toEqual([`schema/out-of-sync error drizzle/${init}/snapshot.json`]);
    expect(result.findings[0].message).toContain(`the schema differs from the latest snapshot (${init}): drizzle-kit 1.0.0-rc.5 generate would write 1 statement: ALTER TABLE "users" ADD COLUMN "age" integer;`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('drizzle-kit 1.0 generator worker ready');
    expect(result.stderr).not.toMatch(/ms generator worker ready/); // the 0.x worker (drizzle-kit/api)
  });

  it('a column rename without generate is out of sync, and says drizzle-kit would ask', async () => {
    const p = repo();
    p.write('schema.ts', V1_SCHEMA_IMPORTS + USERS.replace("name: text('name')", "fullName: text('full_name')"));
    const result = await preCommit(p, ['schema.ts']);
    expect(result.rules).toEqual([`schema/out-of-sync error drizzle/${init}/snapshot.json`]);
    expect(result.findings[0].message).toContain('it would ask whether public.users.full_name is a rename');
    expect(result.code).toBe(1);
  });

  it('schema.ts with the migration drizzle-kit generated for it → clean', async () => {
    const p = repo();
    const tag = writeAge(p);
    const result = await preCommit(p, ['schema.ts', `drizzle/${tag}/migration.sql`, `drizzle/${tag}/snapshot.json`]);
    expect(result.findings).toEqual([]);
    expect(result.code).toBe(0);
  });
});

describe('pre-push on a drizzle-kit 1.0 folder (real git push)', () => {
  const push = (p: DrizzleV1Project, args: string[]) => {
    const r = spawnSync('git', ['push', ...args], { cwd: p.dir, env: { ...env, DRIFTGATE_SKIP: 'db' }, encoding: 'utf8', timeout: 60_000 });
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  };

  it('accepts a new generated migration (schema step in sync), rejects a rewrite of a pushed one', async () => {
    const p = repo();
    writeAge(p);
    git(p, ['add', '-A']);
    git(p, ['commit', '-q', '--no-verify', '-m', 'age']);
    const ok = push(p, ['origin', 'main']);
    expect(ok.out).toContain('✓ schema');
    expect(ok.out).toContain('1 new migration');
    expect(ok.code, ok.out).toBe(0);

    p.write(`drizzle/${age.tag}/migration.sql`, 'ALTER TABLE "users" ADD COLUMN "age" bigint;');
    git(p, ['commit', '-q', '--no-verify', '-am', 'rewrite age']);
    const rejected = push(p, ['origin', 'main']);
    expect(rejected.out).toContain('git/edited-migration');
    expect(rejected.out).toContain(`at drizzle/${age.tag}/migration.sql`);
    expect(rejected.out).toContain('already in origin/main');
    expect(rejected.code).not.toBe(0);
  });

  it('pushing only commits the remote already has says so (not "0 refs checked")', () => {
    const p = repo();
    const r = push(p, ['origin', 'main:refs/heads/copy']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).not.toContain('0 refs');
    expect(r.out).toContain('pre-push: nothing new to check (copy: its commits are already on origin) — push allowed');
  });
});
