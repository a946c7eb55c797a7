import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAuthFailingPostgres, type AuthMethod } from './helpers/auth-failing-postgres.js';
import { createDrizzleProject, type DrizzleProject } from './helpers/drizzle-project.js';
import { SERVER_URL } from './helpers/postgres.js';
import { runCli } from './helpers/run-cli.js';

let project: DrizzleProject;
let silent: Server;
let silentPort = 0;

beforeAll(async () => {
  project = createDrizzleProject();
  await project.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });\n`);
  // Accepts TCP connections and never answers: a firewall-eaten or hung server.
  silent = createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as { port: number }).port;
});
afterAll(async () => {
  silent?.close();
  project?.cleanup();
});

const PW = 'hunter2-Secret';
function urlWith(port: number | string, database = 'postgres'): string {
  const u = new URL(SERVER_URL);
  u.password = PW;
  u.port = String(port);
  u.pathname = `/${database}`;
  return u.toString();
}

async function expectToolFailure(args: string[], pattern: RegExp, maxMs: number) {
  const t0 = performance.now();
  const run = await runCli(['verify', ...args], { cwd: project.dir, env: { DATABASE_URL: undefined } });
  const ms = performance.now() - t0;
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines).toHaveLength(2); // one line of reason, one hint — no stack trace
  expect(lines[0]).toMatch(pattern);
  expect(run.stderr).not.toContain(PW);
  expect(ms).toBeLessThan(maxMs);
}

describe('driftgate verify: unreachable databases fail fast with one line (exit 2)', () => {
  it('wrong port (nothing listening) → connection refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise((resolve) => closed.close(resolve));
    await expectToolFailure(['--db', urlWith(port)], /^driftgate: cannot connect to postgres@127\.0\.0\.1:\d+\/postgres: connection refused$/, 5_000);
  });

  it('a server that never answers → timeout within --connect-timeout', async () => {
    await expectToolFailure(['--db', urlWith(silentPort), '--connect-timeout', '1'], /^driftgate: cannot connect to .*: no answer within 1s$/, 5_000);
  });

  it('a missing database → says so', async () => {
    await expectToolFailure(['--db', urlWith(new URL(SERVER_URL).port || 5432, 'driftgate_no_such_db')], /the database does not exist$/, 5_000);
  });

  it('bad timeout values are a one-line usage error', async () => {
    await expectToolFailure(['--db', urlWith(5432), '--statement-timeout', 'soon'], /--statement-timeout "soon" is not a duration/, 5_000);
  });

  it('no URL anywhere → says so and why, and replays on embedded Postgres (exit 0, nothing on stderr)', async () => {
    const run = await runCli(['verify', '--no-typecheck'], { cwd: project.dir, env: { DATABASE_URL: undefined } });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('database: none (no --db, no DATABASE_URL, and drizzle.config.ts has no dbCredentials) — replaying on embedded Postgres');
    expect(run.stdout).toMatch(/replayed 1\/1 migrations on embedded Postgres/);
  });
});

describe('driftgate verify: a wrong password (a v3-protocol peer on loopback that rejects it with 28P01)', () => {
  // The machine's server uses trust auth, so the rejection comes from a peer speaking just enough of the protocol.
  const SECRET = 's3cr3t-pa55';
  const CONNECT_TIMEOUT_S = 10;

  for (const method of ['cleartext', 'md5'] as AuthMethod[]) {
    it(`${method} auth → exit 2, one line "authentication failed" + hint, long before the timeout, password nowhere`, async () => {
      const peer = await startAuthFailingPostgres(method);
      try {
        const url = `postgres://postgres:${SECRET}@127.0.0.1:${peer.port}/app`;
        const runs = [];
        for (const extra of [[], ['--json'], ['--debug']]) {
          const t0 = performance.now();
          const run = await runCli(['verify', '--db', url, '--connect-timeout', String(CONNECT_TIMEOUT_S), ...extra], {
            cwd: project.dir,
            env: { DATABASE_URL: undefined, DEBUG: undefined },
            timeoutMs: 30_000,
          });
          runs.push({ extra, run, ms: performance.now() - t0 });
        }
        // The client really reached the password exchange (not a refused or dropped connection).
        expect(peer.attempts).toHaveLength(3);
        for (const a of peer.attempts) {
          expect(a.params).toMatchObject({ user: 'postgres', database: 'app' });
          if (method === 'cleartext') expect(a.password).toBe(SECRET);
          else expect(a.password).toMatch(/^md5[0-9a-f]{32}$/);
        }
        const reason = new RegExp(`cannot connect to postgres@127\\.0\\.0\\.1:${peer.port}/app: authentication failed$`);
        for (const { extra, run, ms } of runs) {
          expect(run.code, `${extra} exit code`).toBe(2);
          if (extra[0] === '--json') expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { message: expect.stringMatching(reason) } });
          else expect(run.stdout, `${extra} stdout`).toBe('');
          expect(run.stdout + run.stderr).not.toContain(SECRET);
          expect(run.stdout + run.stderr).not.toContain(encodeURIComponent(SECRET));
          expect(ms, `${extra} took ${ms.toFixed(0)}ms`).toBeLessThan((CONNECT_TIMEOUT_S * 1000) / 2);
          const lines = run.stderr.trim().split('\n');
          if (extra[0] === '--debug') {
            // --debug adds timings and the DriftgateError's stack, but still the same reason line and no secret.
            expect(lines.filter((l) => l.startsWith('driftgate: '))).toEqual([expect.stringMatching(reason)]);
            expect(run.stderr).toMatch(/^driftgate:debug .*argv .*postgres:\*\*\*@127\.0\.0\.1/m);
          } else {
            expect(lines).toHaveLength(2); // the reason and one hint, no stack trace
            expect(lines[0]).toMatch(reason);
            expect(lines[0]).toMatch(/^driftgate: /);
            expect(lines[1]).toMatch(/user and password/);
          }
        }
      } finally {
        await peer.close();
      }
    });
  }
});
