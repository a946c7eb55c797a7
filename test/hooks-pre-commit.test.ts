import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_IMPORTS } from './helpers/drizzle-project.js';
import { generateWithRename } from './helpers/generate-rename.js';
import { hookRepoFactory, linkNodeModules, treeState, type HookRepo } from './helpers/git-repo.js';

const SCHEMA_V1_RENAMED = `export const users = pgTable('users', { id: serial('id').primaryKey(), fullName: text('full_name') });\n`;
const SCHEMA_V2 = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email') });\n`;

let factory: Awaited<ReturnType<typeof hookRepoFactory>>;
beforeAll(async () => {
  factory = await hookRepoFactory({ prepared: { email: SCHEMA_V2 } });
});
afterAll(() => factory?.dispose());

/** Runs a real `git commit` through husky + lint-staged and checks that the hook changed no file and no index entry. */
function commit(repo: HookRepo, message = 'change', cwd?: string, flags: string[] = []) {
  const before = repo.state();
  const result = repo.git(['commit', ...flags, '-m', message], { cwd });
  expect(repo.state(), `work tree/index changed by the hook:\n${result.out}`).toBe(before);
  return result;
}

describe('pre-commit (real git commit, husky, lint-staged)', () => {
  it('accepts a generator-made migration', async () => {
    const repo = factory.make();
    const tag = await repo.project.generate(SCHEMA_V2, 'email');
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code, r.out).toBe(0);
    // the hook ran and judged the staged folder (0000 + the new 0001): its verdict is the only hook output
    expect(r.out.split('\n').filter((l) => !/^\[main |^ \d+ files? changed| create mode /.test(l) && l)).toEqual(['✓ pre-commit: no problems — 2 migrations in 1 folder']);
    expect(repo.ok(['log', '--oneline'])).toContain('change');
    expect(tag).toMatch(/^0001_email$/);
  });

  it('rejects hand-edited SQL of a new migration (sql/not-generated), and judges the STAGED version of a partially staged file', async () => {
    const repo = factory.make();
    const tag = repo.apply('email');
    const sqlFile = join(repo.dir, 'drizzle', `${tag}.sql`);
    const generated = readFileSync(sqlFile, 'utf8');
    appendFileSync(sqlFile, '--> statement-breakpoint\nUPDATE "users" SET "email" = "name";');
    repo.ok(['add', '-A']);
    // Unstaged: the work tree goes back to the generated text. The staged (edited) version must be judged.
    writeFileSync(sqlFile, generated);
    const r = commit(repo);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('sql/not-generated');
    expect(r.out).toContain(`drizzle/${tag}.sql`);
    expect(readFileSync(sqlFile, 'utf8')).toBe(generated);

    // The reverse: generated text staged, an unstaged hand edit in the work tree → accepted, edit kept.
    repo.ok(['add', '-A']);
    appendFileSync(sqlFile, '\n-- local note');
    const ok = commit(repo);
    expect(ok.code, ok.out).toBe(0);
    expect(readFileSync(sqlFile, 'utf8')).toBe(`${generated}\n-- local note`);
  });

  it('custom migrations: a notice by default, rejected with customMigrations "forbid"', async () => {
    const repo = factory.make();
    const tag = await repo.project.custom('backfill', '-- Custom SQL migration file, put your code below! --\nUPDATE "users" SET "name" = \'x\';\n');
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('sql/custom-migration');

    const strict = factory.make();
    const pkg = JSON.parse(readFileSync(join(strict.dir, 'package.json'), 'utf8'));
    writeFileSync(join(strict.dir, 'package.json'), JSON.stringify({ ...pkg, driftgate: { customMigrations: 'forbid' } }, null, 2));
    await strict.project.custom('backfill', '-- Custom SQL migration file, put your code below! --\nSELECT 1;\n');
    strict.ok(['add', '-A']);
    const rejected = commit(strict);
    expect(rejected.code).not.toBe(0);
    expect(rejected.out).toContain('sql/custom-migration');
    expect(rejected.out).toContain(tag);
  });

  it('rejects an edit of a pushed migration (git/edited-migration) and a rewritten pushed journal entry (journal/not-append-only)', async () => {
    const repo = factory.make();
    const first = repo.project.journal().entries[0].tag;
    appendFileSync(join(repo.dir, 'drizzle', `${first}.sql`), '\n--> statement-breakpoint\nCREATE INDEX "x" ON "users" ("name");');
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('git/edited-migration');
    expect(r.out).toContain(`drizzle/${first}.sql`);
    // the rule is about being pushed: say where it is, not "in HEAD"
    expect(r.out).toContain(`${first}.sql is modified, but it is already pushed (on origin/main)`);

    const other = factory.make();
    const journal = other.project.journal();
    journal.entries[0].when -= 1000;
    other.project.writeJournal(journal);
    other.ok(['add', '-A']);
    const j = commit(other);
    expect(j.code).not.toBe(0);
    expect(j.out).toContain('journal/not-append-only');
    expect(j.out).toMatch(/journal entry \S+ changed when \d+ → \d+, but it is already pushed \(on origin\/main\)/);
  });

  it('rejects the seed-000 case: a new entry stamped a year early (journal/when-order)', async () => {
    const repo = factory.make();
    const tag = repo.apply('email');
    const journal = repo.project.journal();
    journal.entries.at(-1)!.when = journal.entries[0].when - 365 * 86_400_000;
    repo.project.writeJournal(journal);
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('journal/when-order');
    expect(r.out).toContain(tag);

    // The snapshot-header cache in .git/driftgate (written by that run) gives the same verdict as reading every blob.
    expect(existsSync(join(repo.dir, '.git', 'driftgate', 'blob-edges.json'))).toBe(true);
    const findings = (env: NodeJS.ProcessEnv) => {
      const run = repo.driftgate(['pre-commit', '--json'], { env });
      expect(run.code).toBe(1);
      return JSON.parse(run.out.slice(run.out.indexOf('{'))).findings.map((f: { rule: string; tag?: string; file?: string }) => `${f.rule} ${f.tag} ${f.file}`).sort();
    };
    expect(findings({})).toEqual(findings({ DRIFTGATE_NO_GIT_CACHE: '1' }));
  });

  it('`git commit -am` after drizzle-kit generate (new files untracked): journal/missing-sql says git add, not "restore"', () => {
    const repo = factory.make();
    const tag = repo.apply('email');
    const r = commit(repo, 'forgot the new files', undefined, ['-a']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('journal/missing-sql');
    expect(r.out).toContain(`drizzle/${tag}.sql is in the journal but not staged: it exists in the work tree`);
    expect(r.out).toContain(`fix: git add drizzle/${tag}.sql drizzle/meta/0001_snapshot.json`);
    expect(r.out).not.toMatch(/restore|drizzle-kit drop|missing-snapshot/i);
  });

  it('rejects an orphan SQL file (journal/orphan-sql)', () => {
    const repo = factory.make();
    writeFileSync(join(repo.dir, 'drizzle', '0001_by_hand.sql'), 'ALTER TABLE "users" ADD COLUMN "x" integer;');
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('journal/orphan-sql');
    expect(r.out).toContain('0001_by_hand');
  });

  it('rejects schema.ts staged without a migration (schema/out-of-sync)', () => {
    const repo = factory.make();
    repo.project.write('schema.ts', readFileSync(join(repo.dir, 'schema.ts'), 'utf8').replace("name: text('name')", "name: text('name'), age: integer('age')"));
    repo.ok(['add', 'schema.ts']);
    const r = commit(repo);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('schema/out-of-sync');
    expect(r.out).toContain('ADD COLUMN "age"');
  });

  it('commits from a subfolder, and a commit without migration files never runs driftgate', async () => {
    const repo = factory.make();
    repo.apply('email');
    mkdirSync(join(repo.dir, 'src'));
    writeFileSync(join(repo.dir, 'src', 'a.txt'), 'a');
    repo.ok(['add', '-A']);
    const r = commit(repo, 'from sub', join(repo.dir, 'src'));
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('✓ pre-commit: no problems — 2 migrations in 1 folder');
    writeFileSync(join(repo.dir, 'src', 'b.txt'), 'b');
    repo.ok(['add', '-A']);
    const plain = commit(repo, 'no migrations');
    expect(plain.code, plain.out).toBe(0);
    expect(plain.out).not.toContain('driftgate');
    // lint-staged --quiet: no "could not find any staged files matching configured tasks" on a code-only commit
    expect(plain.out).not.toMatch(/lint-staged|could not find/);
    expect(plain.out.trim().split('\n')).toEqual([expect.stringMatching(/^\[main [0-9a-f]+\] no migrations$/), ' 1 file changed, 1 insertion(+)', ' create mode 100644 src/b.txt']);
  });

  it('a CRLF checkout (core.autocrlf=true) of LF migrations is not an edit; the hooks stay LF (init\'s .gitattributes) and run', async () => {
    const repo = factory.make();
    repo.ok(['config', 'core.autocrlf', 'true']);
    rmSync(join(repo.dir, 'drizzle'), { recursive: true });
    rmSync(join(repo.dir, '.husky', 'pre-commit'));
    repo.ok(['checkout', '--', 'drizzle', '.husky/pre-commit']);
    expect(readFileSync(join(repo.dir, '.husky', 'pre-commit'), 'utf8')).not.toContain('\r');
    const first = repo.project.journal().entries[0].tag;
    expect(readFileSync(join(repo.dir, 'drizzle', `${first}.sql`), 'utf8')).toContain('\r\n');
    repo.apply('email');
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('✓ pre-commit: no problems — 2 migrations in 1 folder'); // the hook ran (sh read it without \r)
  });

  it('works in a repo whose path has spaces and unicode: rejects a hand edit naming the file, accepts the generated one', async () => {
    const repo = factory.make('dir with spaces — ünïcødé ✓');
    const tag = repo.apply('email');
    const sqlFile = join(repo.dir, 'drizzle', `${tag}.sql`);
    const generated = readFileSync(sqlFile, 'utf8');
    writeFileSync(sqlFile, generated.replace('ADD COLUMN "email" text', 'ADD COLUMN "email" varchar(10)'));
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('sql/not-generated');
    expect(r.out).toContain(`drizzle/${tag}.sql`);
    writeFileSync(sqlFile, generated);
    repo.ok(['add', '-A']);
    const ok = commit(repo);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain('✓ pre-commit: no problems — 2 migrations in 1 folder');
  });

  it('works in a git worktree (.git is a file): judges the worktree\'s index', async () => {
    const repo = factory.make();
    const wt = join(repo.dir, '..', 'wt');
    repo.ok(['worktree', 'add', '-q', '-b', 'wt', wt]);
    // A fresh worktree has no node_modules and no husky runtime (.husky/_ is ignored): what `npm install` gives it.
    linkNodeModules(wt);
    execFileSync(process.execPath, [join(wt, 'node_modules/husky/bin.js')], { cwd: wt, env: repo.env });
    const tag = repo.apply('email', wt);
    appendFileSync(join(wt, 'drizzle', `${tag}.sql`), '--> statement-breakpoint\nDELETE FROM "users";');
    repo.ok(['add', '-A'], { cwd: wt });
    const gitWt = (args: string[]) => repo.git(args, { cwd: wt });
    const before = treeState(wt, gitWt);
    const r = repo.git(['commit', '-m', 'in worktree'], { cwd: wt });
    expect(treeState(wt, gitWt)).toBe(before);
    expect(r.code, r.out).not.toBe(0);
    expect(r.out).toContain('sql/not-generated');
    expect(r.out).toContain(`drizzle/${tag}.sql`);
  });

  it('a rename migration (drizzle-kit\'s real prompt) cannot be regenerated exactly: the statement-by-statement verdict is used and said', async () => {
    const repo = factory.make();
    const tag = await generateWithRename(repo.dir, SCHEMA_IMPORTS + SCHEMA_V1_RENAMED, 'rename');
    const sqlFile = join(repo.dir, 'drizzle', `${tag}.sql`);
    const generated = readFileSync(sqlFile, 'utf8');
    expect(generated).toContain('RENAME COLUMN "name" TO "full_name"');
    appendFileSync(sqlFile, '\n--> statement-breakpoint\nUPDATE "users" SET "full_name" = \'x\';');
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('sql/not-generated');
    expect(r.out).toContain('compared statement by statement');
    writeFileSync(sqlFile, generated);
    repo.ok(['add', '-A']);
    // The generated rename is accepted by the generator check, but renaming a pushed column breaks the release
    // still running: compat/rename-column blocks until it is acknowledged with an exception.
    const blocked = commit(repo);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('compat/rename-column');
    expect(blocked.out).toContain(`drizzle/${tag}.sql:1`);
    writeFileSync(join(repo.dir, 'driftgate.config.json'), JSON.stringify({ exceptions: [{ rule: 'compat/rename-column', tag, reason: 'no release reads users.name any more' }] }));
    repo.ok(['add', '-A']);
    const ok = commit(repo);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).not.toContain('compat/rename-column');
    expect(ok.out).toContain('may be a rename');
    expect(ok.out).toContain('compared statement by statement');
  });

  it('drizzle-kit missing from the project: one clear warning, the commit goes through', async () => {
    const repo = factory.make();
    repo.apply('email');
    rmSync(join(repo.dir, 'node_modules', 'drizzle-kit'));
    repo.ok(['add', '-A']);
    const r = commit(repo);
    expect(r.code, r.out).toBe(0);
    const warnings = r.out.split('\n').filter((l) => l.includes('drizzle-kit is not installed'));
    expect(warnings, r.out).toHaveLength(1);
    expect(r.out).toContain('sql/not-generated');
    expect(r.out).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});
