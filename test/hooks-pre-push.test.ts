import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { hookRepoFactory, type HookRepo } from './helpers/git-repo.js';
import { createTestDatabase } from './helpers/postgres.js';

const SCHEMA_V2 = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email') });\n`;
const SCHEMA_V3 = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email') });\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });\n`;

let factory: Awaited<ReturnType<typeof hookRepoFactory>>;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  [factory, database] = await Promise.all([hookRepoFactory({ prepared: { email: SCHEMA_V2 } }), createTestDatabase('dg_prepush')]);
});
afterAll(async () => {
  factory?.dispose();
  await database?.drop();
});

/** Applies a folder to the test database with drizzle-orm's real migrator. */
async function migrateWithDrizzle(folder: string) {
  const client = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder: folder });
  } finally {
    await client.end();
  }
}

/** A real `git push` through husky's pre-push hook; the hook must not change the work tree or the index. */
function push(repo: HookRepo, args: string[], env: NodeJS.ProcessEnv = {}) {
  const before = repo.state();
  Object.assign(repo.env, env);
  const result = repo.git(['push', ...args]);
  for (const key of Object.keys(env)) delete repo.env[key];
  expect(repo.state(), `work tree/index changed by the hook:\n${result.out}`).toBe(before);
  return result;
}

describe('pre-push (real git push to a bare remote)', () => {
  it('accepts a new branch with a generated migration; tag, two refs, deletion and nothing-to-push', async () => {
    const repo = factory.make();
    repo.ok(['checkout', '-q', '-b', 'feature']);
    repo.apply('email');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'email']);
    const r = push(repo, ['-u', 'origin', 'feature']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain('✓ migrations');
    expect(r.out).toContain('1 new migration');
    expect(r.out).toContain('pre-push: 1 ref checked');

    repo.ok(['tag', 'v1']);
    repo.ok(['branch', 'other']);
    const two = push(repo, ['origin', 'v1', 'other']);
    expect(two.code, two.out).toBe(0);
    // the hook ran and judged both refs: their commits are on the remote already, so nothing new
    expect(two.out).toContain('✓ pre-push: nothing new to check (v1: its commits are already on origin; other: its commits are already on origin) — push allowed');

    const deletion = push(repo, ['origin', '--delete', 'other']);
    expect(deletion.code, deletion.out).toBe(0);
    expect(deletion.out).toContain('✓ pre-push: nothing new to check (other: deleted) — push allowed');
    const none = push(repo, ['origin', 'feature']);
    expect(none.code, none.out).toBe(0);
    expect(none.out).toContain('✓ pre-push: nothing new to check (no refs pushed) — push allowed');
  });

  it('rejects an untracked migration file (git/uncommitted-migration)', () => {
    const repo = factory.make();
    writeFileSync(join(repo.dir, 'drizzle', '0001_wip.sql'), 'SELECT 1;');
    writeFileSync(join(repo.dir, 'notes.txt'), 'x');
    repo.ok(['add', 'notes.txt']);
    repo.ok(['commit', '-q', '-m', 'notes']);
    const r = push(repo, ['origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('git/uncommitted-migration');
    expect(r.out).toContain('drizzle/0001_wip.sql');
    expect(r.out).toContain('git push --no-verify');
  });

  it('rejects schema.ts committed without generate (schema/out-of-sync) and a pushed migration edited with --no-verify', () => {
    const repo = factory.make();
    repo.project.write('schema.ts', readFileSync(join(repo.dir, 'schema.ts'), 'utf8').replace("name: text('name')", "name: text('name'), age: integer('age')"));
    const first = repo.project.journal().entries[0].tag;
    appendFileSync(join(repo.dir, 'drizzle', `${first}.sql`), '\n-- tweak');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'schema only']);
    // both verdicts: without DRIFTGATE_KEEP_GOING the first failed step would stop the other
    const r = push(repo, ['origin', 'main'], { DRIFTGATE_KEEP_GOING: '1' });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('schema/out-of-sync');
    expect(r.out).toContain('git/edited-migration');
    expect(r.out).toMatch(/push blocked/);
  });

  it('judges what is pushed: an unstaged schema.ts edit does not block a push of other commits (a note says so)', () => {
    const repo = factory.make();
    writeFileSync(join(repo.dir, 'notes.txt'), 'x');
    repo.ok(['add', 'notes.txt']);
    repo.ok(['commit', '-q', '-m', 'notes']);
    // work in progress, not committed: drizzle-kit generate would create a migration for it
    repo.project.write('schema.ts', readFileSync(join(repo.dir, 'schema.ts'), 'utf8').replace("name: text('name')", "name: text('name'), age: integer('age')"));
    const r = push(repo, ['origin', 'main']);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/✓ schema .*matches the latest snapshot/);
    expect(r.out).toMatch(/note: schema compared as pushed \(main at [0-9a-f]{7}\), not as in your work tree — uncommitted changes there are not part of this push: schema\.ts/);
    expect(r.out).not.toContain('schema/out-of-sync');
    // committed, the same edit is what is pushed: blocked
    repo.ok(['commit', '-q', '--no-verify', '-am', 'age without a migration']);
    const blocked = push(repo, ['origin', 'main']);
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toContain('schema/out-of-sync');
  });

  it('fails fast: the first failed step stops the others (their processes killed); DRIFTGATE_KEEP_GOING=1 runs every step', () => {
    const repo = factory.make();
    const scratch = mkdtempSync(join(tmpdir(), 'dg-slow-'));
    const slow = join(scratch, 'slow.cjs');
    writeFileSync(slow, `require('fs').writeFileSync(process.argv[2], String(process.pid)); setTimeout(() => {}, Number(process.argv[3]));\n`);
    const pkg = JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8'));
    writeFileSync(join(repo.dir, 'package.json'), JSON.stringify({ ...pkg, driftgate: { commands: { slow: `node ${slow} ${join(scratch, 'pid')} \${SLOW_MS:-60000}` } } }, null, 2));
    repo.project.write('schema.ts', readFileSync(join(repo.dir, 'schema.ts'), 'utf8').replace("name: text('name')", "name: text('name'), age: integer('age')"));
    repo.ok(['commit', '-q', '--no-verify', '-am', 'age without a migration, and a slow step']);
    const t0 = performance.now();
    const r = push(repo, ['origin', 'main']);
    const ms = performance.now() - t0;
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/✖ schema /);
    expect(r.out).toMatch(/- slow +stopped: schema failed \(--keep-going runs every step\)/);
    expect(ms, r.out).toBeLessThan(30_000); // not the 60 s of the slow step
    const pid = Number(readFileSync(join(scratch, 'pid'), 'utf8'));
    const alive = () => {
      try {
        return process.kill(pid, 0);
      } catch {
        return false;
      }
    };
    // SIGKILL is delivered at once; the orphan is reaped by init a moment later
    for (let i = 0; i < 30 && alive(); i++) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    expect(alive(), 'the stopped step\'s process still runs').toBe(false);

    const all = push(repo, ['origin', 'main'], { DRIFTGATE_KEEP_GOING: '1', SLOW_MS: '500' });
    expect(all.code).not.toBe(0);
    expect(all.out).toMatch(/✖ schema /);
    expect(all.out).toMatch(/✓ slow /);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('rejects a typecheck failure, names the step, and DRIFTGATE_SKIP=typecheck lets it through', () => {
    const repo = factory.make();
    writeFileSync(join(repo.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, module: 'nodenext', moduleResolution: 'nodenext' }, include: ['src'] }));
    writeFileSync(join(repo.dir, 'bad.ts'), '');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'ts']);
    writeFileSync(join(repo.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true }, files: ['bad.ts'] }));
    writeFileSync(join(repo.dir, 'bad.ts'), 'export const n: number = "not a number";\n');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'bad types']);
    const r = push(repo, ['origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('✖ typecheck');
    expect(r.out).toContain('error TS2322');
    expect(r.out).toContain('DRIFTGATE_SKIP=typecheck');
    const skipped = push(repo, ['origin', 'main'], { DRIFTGATE_SKIP: 'typecheck' });
    expect(skipped.code, skipped.out).toBe(0);
  });

  it('rejects a duplicate prefix after merging two branches (journal/duplicate-prefix)', async () => {
    const repo = factory.make();
    repo.ok(['checkout', '-q', '-b', 'a']);
    repo.apply('email');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'a']);
    repo.ok(['checkout', '-q', 'main']);
    await repo.project.generate(SCHEMA_V3.replace(/.*users.*\n/, "export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n"), 'posts');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'b']);
    // Merge keeping both SQL files; the journal conflict resolved by taking main's (a typical bad resolution).
    const merge = repo.git(['merge', '--no-edit', 'a']);
    if (merge.code !== 0) {
      repo.ok(['checkout', '--ours', '--', 'drizzle/meta/_journal.json', 'drizzle/meta/0001_snapshot.json', 'schema.ts']);
      repo.ok(['add', '-A']);
      repo.ok(['-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--no-edit']);
    }
    const r = push(repo, ['origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('journal/duplicate-prefix');
    expect(r.out).toContain('0001_email reuses prefix 0001 of 0001_posts');
    expect(r.out).toContain('journal/orphan-sql');
    expect(r.out).toContain('drizzle/0001_email.sql');
  });

  it('with a database URL: runs the verify checks against it; an unreachable database blocks with the reason and how to skip', async () => {
    const repo = factory.make();
    await migrateWithDrizzle(join(repo.dir, 'drizzle'));
    repo.apply('email');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'email']);
    const r = push(repo, ['origin', 'main'], { DATABASE_URL: database.url });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/✓ db .*1 database checked \(1\/2 applied\)/);
    expect(r.out).toContain('db/pending');

    repo.ok(['commit', '-q', '--allow-empty', '-m', 'more']);
    const down = push(repo, ['origin', 'main'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
    expect(down.code).not.toBe(0);
    expect(down.out).toMatch(/✖ db /);
    expect(down.out).toContain('127.0.0.1:1');
    expect(down.out).toContain('DRIFTGATE_SKIP=db');
    expect(down.out).not.toMatch(/\n\s+at .*\.js:\d+/);
  });

  it('without a database URL: replays the pushed migrations on embedded Postgres (replay/failed blocks); replay: false turns it off', async () => {
    const repo = factory.make();
    await repo.project.custom('backfill', '-- Custom SQL migration file, put your code below! --\nUPDATE "no_such_table" SET "x" = 1;\n');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'broken backfill']);
    const r = push(repo, ['origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/✖ db .*1 error — embedded replay of 2 migrations/);
    expect(r.out).toContain('replay/failed');
    expect(r.out).toContain('no_such_table');
    expect(r.out).toContain('database: none (no --db, no DATABASE_URL, and drizzle.config.ts has no dbCredentials) — replaying on embedded Postgres');

    const pkg = JSON.parse(readFileSync(join(repo.dir, 'package.json'), 'utf8'));
    writeFileSync(join(repo.dir, 'package.json'), JSON.stringify({ ...pkg, driftgate: { replay: false } }, null, 2));
    repo.ok(['commit', '-q', '-am', 'no replay']);
    const off = push(repo, ['origin', 'main']);
    expect(off.code, off.out).toBe(0);
    expect(off.out).toContain('- db');
    expect(off.out).toMatch(/- db +database: none \(no --db, no DATABASE_URL, and drizzle.config.ts has no dbCredentials\) — replay: false in the driftgate config/);
  });

  it('driftgate verify runs schema/out-of-sync and the typecheck too (DRIFTGATE_SKIP names them)', () => {
    const repo = factory.make();
    const clean = repo.driftgate(['verify', '--no-db']);
    expect(clean.code, clean.out).toBe(0);
    repo.project.write('schema.ts', readFileSync(join(repo.dir, 'schema.ts'), 'utf8').replace("name: text('name')", "name: text('name'), age: integer('age')"));
    writeFileSync(join(repo.dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true }, files: ['bad.ts'] }));
    writeFileSync(join(repo.dir, 'bad.ts'), 'export const n: number = "not a number";\n');
    const r = repo.driftgate(['verify', '--no-db']);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toContain('schema/out-of-sync');
    expect(r.out).toContain('ADD COLUMN "age"');
    expect(r.out).toContain('typecheck/failed');
    expect(r.out).toContain('at bad.ts:1');
    expect(r.out).toContain('TS2322');
    const skipped = repo.driftgate(['verify', '--no-db'], { env: { DRIFTGATE_SKIP: 'schema,typecheck' } });
    expect(skipped.code, skipped.out).toBe(0);
    expect(skipped.out).toContain('typecheck: skipped');
  });

  it('force-push: rewriting a pushed migration is judged against what the remote has (git/edited-migration)', async () => {
    const repo = factory.make();
    const tag = repo.apply('email');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'email']);
    expect(push(repo, ['origin', 'main'], { DRIFTGATE_SKIP: 'db' }).code).toBe(0);
    // Rewrite history: drop the pushed migration, generate a different 0001 in its place, force-push.
    repo.ok(['reset', '-q', '--hard', 'HEAD~1']);
    await repo.project.generate(SCHEMA_V3.replace(/.*users.*\n/, "export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n"), 'posts');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'posts instead']);
    const r = push(repo, ['--force', 'origin', 'main'], { DRIFTGATE_SKIP: 'db' });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('git/edited-migration');
    expect(r.out).toContain(`drizzle/${tag}.sql`);
    expect(r.out).toContain('push blocked');
  });

  it('on a terminal the task list is redrawn live (spinner, elapsed time); without one it prints plain lines', () => {
    const repo = factory.make();
    repo.ok(['commit', '-q', '--allow-empty', '-m', 'nothing']);
    // `script` gives git (and so the hook) a pseudo-terminal, as a terminal push has.
    const r = spawnSync('script', ['-qec', 'git push origin main', '/dev/null'], { cwd: repo.dir, env: { ...repo.env, TERM: 'xterm' }, encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stdout).toBe(0);
    expect(r.stdout).toContain('\x1b[2K');
    expect(r.stdout).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] (migrations|schema|typecheck|db)/);
    expect(r.stdout).toMatch(/✓ migrations +\d+\.\ds/);
    expect(r.stdout).toContain('pre-push: 1 ref checked');
    repo.ok(['commit', '-q', '--allow-empty', '-m', 'more']);
    const plain = push(repo, ['origin', 'main']);
    expect(plain.code, plain.out).toBe(0);
    expect(plain.out).not.toContain('\x1b[');
    expect(plain.out).toMatch(/^✓ migrations +\d+\.\ds/m);
  });
});
