import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookRepoFactory, type HookRepo } from '../helpers/git-repo.js';

// The pre-commit hook judges the staged migrations for safety. What a migration committed locally but on no remote
// yet created is new (no database was migrated from it); what the remote has is not.
const USERS = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n`;
const AUDIT = `export const audit = pgTable('audit', { id: serial('id').primaryKey(), at: integer('at') });\n`;

describe('safety rules in pre-commit', () => {
  let factory: Awaited<ReturnType<typeof hookRepoFactory>>;
  beforeAll(async () => {
    factory = await hookRepoFactory();
  });
  afterAll(() => factory?.dispose());

  const commit = (repo: HookRepo, message: string) => {
    repo.ok(['add', '-A']);
    return repo.git(['commit', '-m', message]);
  };

  it('an index on a table of an unpushed commit passes; one on a pushed table is lock/create-index', async () => {
    const repo = factory.make();
    await repo.project.generate(USERS + AUDIT, 'audit');
    expect(commit(repo, 'audit table').code).toBe(0);
    await repo.project.generate(USERS + AUDIT.replace(" });\n", " }, (t) => [index('audit_at_idx').on(t.at)]);\n"), 'audit_index');
    const unpushed = commit(repo, 'audit index');
    expect(unpushed.code, unpushed.out).toBe(0);
    expect(unpushed.out).not.toContain('lock/create-index');

    const tag = (await repo.project.generate(
      USERS.replace(" });\n", " }, (t) => [index('users_name_idx').on(t.name)]);\n") + AUDIT.replace(" });\n", " }, (t) => [index('audit_at_idx').on(t.at)]);\n"),
      'users_index',
    ))!;
    const pushed = commit(repo, 'users index');
    expect(pushed.code).not.toBe(0);
    expect(pushed.out).toContain('lock/create-index');
    expect(pushed.out).toContain(`drizzle/${tag}.sql:1 \`CREATE INDEX "users_name_idx"`);
    expect(pushed.out).toContain('takes SHARE on public.users');
    expect(pushed.out).toContain("drizzle's migrator runs all pending migrations in ONE transaction");
  });
});
