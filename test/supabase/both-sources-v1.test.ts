import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleV1Project, V1_SCHEMA_IMPORTS, type DrizzleV1Project } from '../helpers/drizzle-v1-project.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';
import { dbPush, SUPABASE_BIN } from '../helpers/supabase-cli.js';

// A drizzle-kit 1.0 project (folder per migration, snapshot.json in each) that also keeps Supabase CLI migrations.
describe('both sources: a drizzle-kit 1.0 schema and Supabase SQL that disagree', () => {
  let p: DrizzleV1Project;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    p = createDrizzleV1Project();
    db = await createTestDatabase('dg_sbboth1');
    await p.generate(`${V1_SCHEMA_IMPORTS}
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  teamId: integer('team_id'),
}, (t) => [index('users_team_idx').on(t.teamId)]);`, 'init');
    // The SQL production ran, written with the real CLI: email nullable, no team index, team_id bigint, an extra table.
    const made = spawnSync(SUPABASE_BIN, ['init'], { cwd: p.dir, input: '', encoding: 'utf8' });
    expect(made.status, made.stderr).toBe(0);
    const sql = 'create table users (id serial primary key, email text, team_id bigint);\ncreate table audit (id bigint);\n';
    const migration = spawnSync(SUPABASE_BIN, ['migration', 'new', 'init'], { cwd: p.dir, input: sql, encoding: 'utf8' });
    expect(migration.status, migration.stderr).toBe(0);
    await dbPush(p.dir, db.url); // the real CLI applies it
  }, 240_000);
  afterAll(async () => {
    await db?.drop();
    p?.cleanup();
  });

  it('reports each difference once, naming the Supabase side and the drizzle-kit 1.0 snapshot', async () => {
    const run = await runCli(['verify', '--embedded', '--json'], { cwd: p.dir, env: { DRIFTGATE_SKIP: 'typecheck,schema' } });
    const mismatches = run.json().findings.filter((f: { rule: string }) => f.rule === 'supabase/schema-mismatch');
    expect(mismatches.map((f: { key: string }) => f.key).sort()).toEqual(
      ['db/column-nullability:public.users/column:email', 'db/column-type:public.users/column:team_id', 'db/extra-object:public.audit', 'db/missing-index:public.users/index:users_team_idx'].sort(),
    );
    const folder = p.folders()[0];
    const nullability = mismatches.find((f: { key: string }) => f.key.startsWith('db/column-nullability')).message;
    expect(nullability).toContain(`the Supabase migrations (supabase/migrations) and the Drizzle snapshot drizzle/${folder}/snapshot.json disagree`);
    expect(run.code).toBe(1);
  }, 240_000);
});
