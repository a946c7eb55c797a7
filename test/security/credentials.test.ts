import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthFailingPostgres, type AuthFailingPostgres } from '../helpers/auth-failing-postgres.js';
import { createDrizzleProject, type DrizzleProject } from '../helpers/drizzle-project.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 11.3 and 11.4: every credential form is masked in every output, and every SSL form drizzle-kit accepts is
// honoured. A loopback v3-protocol peer asks for the password, records SSLRequests, and rejects the login; in the
// echo variant it repeats the password it received in its error, as some proxies do.
const SECRET = 'S3cretPW!';
let project: DrizzleProject;
let peer: AuthFailingPostgres;
let echo: AuthFailingPostgres;

beforeAll(async () => {
  project = createDrizzleProject();
  await project.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });\n`);
  peer = await startAuthFailingPostgres('cleartext');
  echo = await startAuthFailingPostgres('cleartext', (_user, password) => `proxy rejected credentials ${password}`, '08P01');
});
afterAll(async () => {
  await peer?.close();
  await echo?.close();
  project?.cleanup();
});

const MODES = [[], ['--json'], ['--debug']];

/** Runs verify in text, --json and --debug; returns the runs. Every output is free of the secret. */
async function runAll(args: string[], env: NodeJS.ProcessEnv = {}, secret = SECRET) {
  const runs = [];
  for (const extra of MODES) {
    const run = await runCli(['verify', ...args, '--connect-timeout', '5', ...extra], {
      cwd: project.dir,
      env: { DATABASE_URL: undefined, PGPASSWORD: undefined, DEBUG: undefined, ...env },
      timeoutMs: 30_000,
    });
    const out = run.stdout + run.stderr;
    expect(out, `${extra}: ${out}`).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(run.code, `${extra}: ${out}`).toBe(2);
    if (extra[0] !== "--debug") expect(run.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
    runs.push({ extra, run });
  }
  return runs;
}

describe('credentials never reach any output (text, --json, --debug)', () => {
  it('keyword/value connection string (--db and DATABASE_URL): parsed, connects, masked', async () => {
    const kv = `host=127.0.0.1 port=${peer.port} user=app password=${SECRET} dbname=shop`;
    const before = peer.attempts.length;
    for (const [args, env] of [[['--db', kv], {}], [[], { DATABASE_URL: kv }]] as const) {
      const runs = await runAll([...args], env);
      for (const { run } of runs) expect(run.stderr).toContain(`cannot connect to app@127.0.0.1:${peer.port}/shop: authentication failed`);
    }
    // It was really used to connect: the peer saw the user, the database and the password.
    expect(peer.attempts.slice(before).map((a) => [a.params.user, a.params.database, a.password])).toEqual(Array(6).fill(['app', 'shop', SECRET]));
  });

  it('a URL whose password has a space and "!" (WHATWG "Invalid URL" territory) connects with that password, masked', async () => {
    const pw = 'S3cret PW!';
    const before = peer.attempts.length;
    const runs = await runAll(['--db', `postgres://app:${pw}@127.0.0.1:${peer.port}/shop`], {}, pw);
    for (const { run } of runs) expect(run.stderr).toContain('authentication failed');
    expect(peer.attempts.slice(before).map((a) => a.password)).toEqual([pw, pw, pw]);
  });

  it('the one-slash typo postgres:/user:pw@host/db → one line that says the connection string is not valid, password masked', async () => {
    const runs = await runAll(['--db', `postgres:/app:${SECRET}@127.0.0.1:${peer.port}/shop`]);
    for (const { run, extra } of runs) {
      expect(run.stderr).toContain(`driftgate: the database connection from --db is not valid: postgres:/app:***@127.0.0.1:${peer.port}/shop`);
      if (!extra.length) expect(run.stderr.trim().split('\n')).toHaveLength(2);
    }
  });

  it('PGPASSWORD repeated by a server error is masked (as the URL password is)', async () => {
    const runs = await runAll(['--db', `postgres://app@127.0.0.1:${echo.port}/shop`], { PGPASSWORD: SECRET });
    for (const { run } of runs) expect(run.stderr).toContain('proxy rejected credentials ***');
    expect(echo.attempts.at(-1)!.password).toBe(SECRET);
    const inUrl = await runAll(['--db', `postgres://app:${SECRET}@127.0.0.1:${echo.port}/shop`]);
    for (const { run } of inUrl) expect(run.stderr).toContain('proxy rejected credentials ***');
  });

  it('--debug prints argv and the database label without the password (keyword form too)', async () => {
    const kv = `host=127.0.0.1 port=${peer.port} user=app password='${SECRET} x' dbname=shop`;
    const [, , debug] = await runAll(['--db', kv], {}, `${SECRET} x`);
    expect(debug.run.stderr).toMatch(/driftgate:debug .*argv .*password=\*\*\*/);
  });

  it('drizzle.config dbCredentials { host, password } is masked too', async () => {
    const p = createDrizzleProject({ config: { dbCredentials: { host: '127.0.0.1', port: echo.port, user: 'app', password: SECRET, database: 'shop' } } });
    try {
      await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });\n`);
      for (const extra of MODES) {
        const run = await runCli(['verify', ...extra], { cwd: p.dir, env: { DATABASE_URL: undefined, PGPASSWORD: undefined } });
        expect(run.stdout + run.stderr).not.toContain(SECRET);
        expect(run.stderr).toContain('proxy rejected credentials ***');
      }
    } finally {
      p.cleanup();
    }
  });
});

describe('SSL: every form drizzle-kit accepts is honoured (the peer counts SSLRequests)', () => {
  const config = (dbCredentials: Record<string, unknown>) =>
    writeFileSync(join(project.dir, 'drizzle.config.ts'), `export default ${JSON.stringify({ dialect: 'postgresql', schema: './schema.ts', out: './drizzle', dbCredentials })};\n`);
  const credentials = () => ({ host: '127.0.0.1', port: peer.port, user: 'app', password: SECRET, database: 'shop' });
  afterAll(() => config({}));

  async function sslRequested(env: NodeJS.ProcessEnv, args: string[] = []): Promise<boolean> {
    const before = peer.sslRequests;
    const run = await runCli(['verify', '--connect-timeout', '5', ...args], { cwd: project.dir, env: { DATABASE_URL: undefined, PGPASSWORD: undefined, ...env } });
    expect(run.code).toBe(2);
    expect(run.stdout + run.stderr).not.toContain(SECRET);
    return peer.sslRequests > before;
  }

  for (const ssl of [true, 'require', 'allow', 'prefer', 'verify-full', { rejectUnauthorized: false }]) {
    it(`dbCredentials.ssl = ${JSON.stringify(ssl)} → an SSLRequest is sent`, async () => {
      config({ ...credentials(), ssl });
      expect(await sslRequested({})).toBe(true);
    });
  }
  it('dbCredentials without ssl, or ssl: false → plain text (no SSLRequest), as drizzle-kit does', async () => {
    config(credentials());
    expect(await sslRequested({})).toBe(false);
    config({ ...credentials(), ssl: false });
    expect(await sslRequested({})).toBe(false);
  });
  it('?sslmode=require in a URL and sslmode=require in the keyword form → SSLRequest; sslmode=disable → none', async () => {
    config({});
    expect(await sslRequested({ DATABASE_URL: `postgres://app:${SECRET}@127.0.0.1:${peer.port}/shop?sslmode=require` })).toBe(true);
    expect(await sslRequested({}, ['--db', `host=127.0.0.1 port=${peer.port} user=app password=${SECRET} dbname=shop sslmode=require`])).toBe(true);
    expect(await sslRequested({}, ['--db', `postgres://app:${SECRET}@127.0.0.1:${peer.port}/shop?sslmode=disable`])).toBe(false);
  });
  it('an unknown ssl value is one clear line', async () => {
    config({ ...credentials(), ssl: 'sometimes' });
    const run = await runCli(['verify'], { cwd: project.dir, env: { DATABASE_URL: undefined } });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe('driftgate: sslmode "sometimes" is not one of disable, allow, prefer, require, verify-ca, verify-full');
  });
});
