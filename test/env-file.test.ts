import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthFailingPostgres } from './helpers/auth-failing-postgres.js';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { createTestDatabase, migrateWithDrizzle } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

/** The new-user case: `dbCredentials.url: process.env.POSTGRES_URL` with the value only in .env, which drizzle-kit
 * loads (dotenv/config) before its config and driftgate must load too. */
let project: DrizzleProject;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const ENV = { DATABASE_URL: undefined, POSTGRES_URL: undefined, DOTENV_CONFIG_PATH: undefined, DRIFTGATE_SKIP: undefined };

beforeAll(async () => {
  project = createDrizzleProject();
  await project.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull() });\n`);
  project.write('drizzle.config.ts', `import { defineConfig } from 'drizzle-kit';
export default defineConfig({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle', dbCredentials: { url: process.env.POSTGRES_URL! } });
`);
  db = await createTestDatabase('dg_env');
  await migrateWithDrizzle(db.url, project.out);
});
afterAll(async () => {
  await db?.drop();
  project?.cleanup();
});

const verify = (env: NodeJS.ProcessEnv = {}, args: string[] = []) => runCli(['verify', '--no-typecheck', ...args], { cwd: project.dir, env: { ...ENV, ...env }, timeoutMs: 60_000 });

describe('.env, loaded as drizzle-kit loads it', () => {
  it('POSTGRES_URL only in .env: verify checks that database and says where the URL came from', async () => {
    writeFileSync(join(project.dir, '.env'), `# local\nPOSTGRES_URL="${db.url}"\n`);
    try {
      const run = await verify();
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`database: postgres@127.0.0.1:5432/${db.name} (drizzle.config.ts dbCredentials (POSTGRES_URL from .env))`);
      expect(run.stdout).toMatch(new RegExp(`schema verified: .* — postgres@127\\.0\\.0\\.1:5432/${db.name}`));
      expect(run.stdout).not.toContain('embedded');
    } finally {
      rmSync(join(project.dir, '.env'));
    }
  });

  it('the process environment wins over .env; DOTENV_CONFIG_PATH names another file', async () => {
    writeFileSync(join(project.dir, '.env'), `POSTGRES_URL=postgres://postgres@127.0.0.1:1/nowhere\n`);
    writeFileSync(join(project.dir, 'local.env'), `POSTGRES_URL=${db.url}\n`);
    try {
      const fromEnv = await verify({ POSTGRES_URL: db.url });
      expect(fromEnv.code, fromEnv.stderr).toBe(0);
      expect(fromEnv.stdout).toContain(`database: postgres@127.0.0.1:5432/${db.name} (drizzle.config.ts dbCredentials (POSTGRES_URL))`);
      const fromFile = await verify({ DOTENV_CONFIG_PATH: 'local.env' });
      expect(fromFile.code, fromFile.stderr).toBe(0);
      expect(fromFile.stdout).toContain(`(drizzle.config.ts dbCredentials (POSTGRES_URL from local.env))`);
    } finally {
      rmSync(join(project.dir, '.env'));
      rmSync(join(project.dir, 'local.env'));
    }
  });

  it('no value anywhere: "database: none (… POSTGRES_URL is not set) — replaying on embedded Postgres"', async () => {
    const run = await verify();
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('database: none (drizzle.config.ts dbCredentials.url is empty: POSTGRES_URL is not set) — replaying on embedded Postgres');
    expect(run.stdout).toMatch(/replayed 1\/1 migrations on embedded Postgres/);
    const noDb = await verify({}, ['--no-db']);
    expect(noDb.stdout).toContain('database: none (--no-db) — static checks only');
  });

  it('a wrong password: the hint names the variable the URL came from, not DATABASE_URL', async () => {
    const peer = await startAuthFailingPostgres('cleartext');
    try {
      writeFileSync(join(project.dir, '.env'), `POSTGRES_URL=postgres://postgres:pw-in-dotenv@127.0.0.1:${peer.port}/app\n`);
      const run = await verify({}, ['--connect-timeout', '10']);
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')).toEqual([`driftgate: cannot connect to postgres@127.0.0.1:${peer.port}/app: authentication failed`, 'Check the user and password in POSTGRES_URL (.env).', '']);
      const direct = await verify({ DATABASE_URL: `postgres://postgres:pw@127.0.0.1:${peer.port}/app` }, ['--connect-timeout', '10']);
      expect(direct.stderr.split('\n')[1]).toBe('Check the user and password in DATABASE_URL.');
      const flag = await verify({}, ['--db', `postgres://postgres:pw@127.0.0.1:${peer.port}/app`, '--connect-timeout', '10']);
      expect(flag.stderr.split('\n')[1]).toBe('Check the user and password in the --db URL.');
    } finally {
      rmSync(join(project.dir, '.env'), { force: true });
      await peer.close();
    }
  });
});
