import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { createTestDatabase } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

/** A project with both project-level checks failing: schema.ts has a table no migration creates (schema/out-of-sync)
 * and a tsconfig whose one file has a type error (typecheck/failed). Its database is migrated by drizzle-orm's real
 * migrator, so the database checks themselves find nothing: every finding comes from a step --skip may turn off. */
let project: DrizzleProject;
let db: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  project = createDrizzleProject();
  await project.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull() });\n`);
  db = await createTestDatabase('dg_skip');
  const client = postgres(db.url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(client), { migrationsFolder: project.out });
  } finally {
    await client.end();
  }
  // Edited after generating: drizzle-kit generate would now write CREATE TABLE "posts".
  project.write('schema.ts', project.read('schema.ts') + `export const posts = pgTable('posts', { id: serial('id').primaryKey() });\n`);
  project.write('tsconfig.json', JSON.stringify({ compilerOptions: { strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['broken.ts'] }));
  project.write('broken.ts', `export const count: number = 'three';\n`);
});
afterAll(async () => {
  await db?.drop();
  project?.cleanup();
});

/** `driftgate verify --json --debug …`: exit code, the rule ids found (sorted), the databases checked, and whether the
 * drizzle-kit generator worker (what schema/out-of-sync runs on) was started at all. */
async function verifyJson(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = await runCli(['verify', '--json', '--debug', ...args], {
    cwd: project.dir,
    env: { DATABASE_URL: undefined, DRIFTGATE_SKIP: undefined, DEBUG: undefined, ...env },
    timeoutMs: 30_000,
  });
  expect(run.code, run.stderr).not.toBe(2);
  const doc = run.json();
  return {
    code: run.code,
    rules: (doc.findings as { rule: string }[]).map((f) => f.rule).sort(),
    databases: (doc.databases as { database: string }[]).map((d) => d.database),
    schemaCheckStarted: /generator worker ready/.test(run.stderr),
  };
}

describe('driftgate verify: --skip, DRIFTGATE_SKIP and --no-typecheck really skip those steps', () => {
  it('without skips (--db): schema/out-of-sync and typecheck/failed are reported, the database is checked', async () => {
    const r = await verifyJson(['--db', db.url]);
    expect(r.code).toBe(1);
    expect(r.rules).toEqual(['schema/out-of-sync', 'typecheck/failed']);
    expect(r.databases).toEqual([expect.stringMatching(new RegExp(`/${db.name}$`))]);
    expect(r.schemaCheckStarted).toBe(true);
  });

  it('--skip schema,typecheck (--db): neither runs, the database checks still do → exit 0', async () => {
    const r = await verifyJson(['--db', db.url, '--skip', 'schema,typecheck']);
    expect(r.rules).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.databases).toEqual([expect.stringMatching(new RegExp(`/${db.name}$`))]);
    expect(r.schemaCheckStarted).toBe(false);
  });

  it('DRIFTGATE_SKIP=schema: schema/out-of-sync is not run, the typecheck still fails', async () => {
    const r = await verifyJson(['--no-db'], { DRIFTGATE_SKIP: 'schema' });
    expect(r.rules).toEqual(['typecheck/failed']);
    expect(r.code).toBe(1);
    expect(r.schemaCheckStarted).toBe(false);
  });

  it('--no-typecheck: typecheck/failed is gone, schema/out-of-sync still reported', async () => {
    const r = await verifyJson(['--no-db', '--no-typecheck']);
    expect(r.rules).toEqual(['schema/out-of-sync']);
    expect(r.code).toBe(1);
    expect(r.schemaCheckStarted).toBe(true);
  });

  it('DRIFTGATE_SKIP and --no-typecheck add up: DRIFTGATE_SKIP=schema --no-typecheck → nothing to report, exit 0', async () => {
    const r = await verifyJson(['--no-db', '--no-typecheck'], { DRIFTGATE_SKIP: 'schema' });
    expect(r.rules).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.schemaCheckStarted).toBe(false);
  });
});
