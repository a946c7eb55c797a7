import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookRepoFactory, type HookRepo } from './helpers/git-repo.js';

const SCHEMA_V2 = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email') });\n`;
const SCHEMA_V3 = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email') });\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });\n`;

let factory: Awaited<ReturnType<typeof hookRepoFactory>>;
beforeAll(async () => {
  factory = await hookRepoFactory();
});
afterAll(() => factory?.dispose());

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
    await repo.project.generate(SCHEMA_V2, 'email');
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

    const deletion = push(repo, ['origin', '--delete', 'other']);
    expect(deletion.code, deletion.out).toBe(0);
    const none = push(repo, ['origin', 'feature']);
    expect(none.code, none.out).toBe(0);
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
    const r = push(repo, ['origin', 'main']);
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('schema/out-of-sync');
    expect(r.out).toContain('git/edited-migration');
    expect(r.out).toMatch(/push blocked/);
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
    await repo.project.generate(SCHEMA_V2, 'email');
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
    expect(r.out).toMatch(/journal\/duplicate-prefix|journal\/orphan-sql/);
  });
});
