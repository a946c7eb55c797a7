import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookRepoFactory, type HookRepo } from '../helpers/git-repo.js';

// The pre-push hook, with no database configured, replays the pushed migrations on embedded Postgres and traces their
// deploy: the lock rules' verdict is what Postgres did, not what the text suggests. (pre-commit stays static: the
// commits below skip it, as a developer who read its finding and trusts the trace would.)

const schema = (tz: boolean, index: boolean) =>
  `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), seen: timestamp('seen'${tz ? ', { withTimezone: true }' : ''}) });\n` +
  `export const teams = pgTable('teams', { id: serial('id').primaryKey(), slug: text('slug') }${index ? ", (t) => [index('teams_slug_idx').on(t.slug)]" : ''});\n`;

describe('pre-push: lock rules traced on the embedded replay', () => {
  let factory: Awaited<ReturnType<typeof hookRepoFactory>>;
  let repo: HookRepo;
  beforeAll(async () => {
    factory = await hookRepoFactory();
    repo = factory.make();
    await repo.project.generate(schema(false, false), 'tables');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'tables']);
    repo.ok(['push', '-q', '--no-verify', 'origin', 'main']);
  }, 120_000);
  afterAll(() => factory?.dispose());

  const push = () => {
    const before = repo.state();
    Object.assign(repo.env, { DRIFTGATE_SKIP: 'schema,typecheck' });
    const result = repo.git(['push', 'origin', 'main']);
    delete repo.env.DRIFTGATE_SKIP;
    expect(repo.state()).toBe(before);
    return result;
  };

  it('timestamp → timestamptz: the text says lock/table-rewrite, the trace shows none, and the push is allowed', async () => {
    const tag = (await repo.project.generate(schema(true, false), 'tz'))!;
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'tz']);
    const check = repo.driftgate(['check', '--since', 'origin/main']);
    expect(check.code).toBe(1);
    expect(check.out).toContain('lock/table-rewrite');
    expect(check.out).toContain(`drizzle/${tag}.sql`);

    const r = push();
    expect(r.out).not.toContain('lock/table-rewrite');
    expect(r.out).toMatch(/✓ db .*embedded replay/);
    expect(r.code, r.out).toBe(0);
  }, 180_000);

  it('an index on a pushed table: lock/create-index names the SHARE lock the trace saw, and blocks the push', async () => {
    const tag = (await repo.project.generate(schema(true, true), 'teams_index'))!;
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '--no-verify', '-m', 'teams index']);
    const r = push();
    expect(r.out).toContain('lock/create-index');
    expect(r.out).toContain(`drizzle/${tag}.sql:1 \`CREATE INDEX "teams_slug_idx"`);
    expect(r.out).toContain('took SHARE on public.teams (traced on embedded Postgres 17)');
    expect(r.out).not.toContain('takes SHARE');
    expect(r.out).toMatch(/✖ db /);
    expect(r.code).toBe(1);
  }, 180_000);
});
