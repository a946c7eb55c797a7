import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleV1Project, type DrizzleV1Project } from './helpers/drizzle-v1-project.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

let project: DrizzleV1Project;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let init: string, age: string;

async function verifyDb(p: DrizzleV1Project) {
  const run = await runCli(['verify', '--db', db.url, '--json', '--no-baseline', '--no-typecheck'], { cwd: p.dir });
  expect(run.stderr).toBe('');
  const findings = run.json().findings as { rule: string; tag?: string; severity: string; message: string }[];
  return { code: run.code, findings: findings.filter((f) => f.rule.startsWith('db/')) };
}

beforeAll(async () => {
  db = await createTestDatabase('dg_v1_db');
  project = createDrizzleV1Project();
  init = (await project.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\n`, 'init'))!;
  age = (await project.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), age: integer('age') });\n`, 'add_age'))!;
  const migrated = await project.migrate(db.url);
  if (!migrated.ok) throw new Error(migrated.output);
});
afterAll(async () => {
  project?.cleanup();
  await db?.drop();
});

describe('verify --db on a drizzle-orm 1.0 tracking table', () => {
  it('a database migrated by drizzle-orm 1.0 is clean', async () => {
    const result = await verifyDb(project);
    expect(result.findings.map((f) => f.rule)).toEqual([]);
  });

  it('pending by name, edited-after-apply by hash, unknown names', async () => {
    const backfill = await project.custom('backfill', 'UPDATE "users" SET "age" = 0;');
    project.write(`drizzle/${init}/migration.sql`, project.read(`drizzle/${init}/migration.sql`) + '\n-- edited after deploy\n');
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      await sql`insert into drizzle.__drizzle_migrations (hash, created_at, name) values ('abc', 0, '20200101000000_from_another_branch')`;
    } finally {
      await sql.end();
    }
    const result = await verifyDb(project);
    const rules = result.findings.map((f) => `${f.rule} ${f.tag ?? '-'}`).sort();
    expect(rules).toEqual([`db/edited-after-apply ${init}`, `db/pending ${backfill}`, 'db/unknown-migration -'].sort());
    expect(result.findings.find((f) => f.rule === 'db/unknown-migration')!.message).toContain('20200101000000_from_another_branch');
    expect(result.code).toBe(1); // edited-after-apply is an error
    expect(age).toBeDefined();
  });
});
