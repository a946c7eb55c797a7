import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, type DrizzleProject } from '../helpers/drizzle-project.js';
import { createTestDatabase, execSql, migrateWithDrizzle } from '../helpers/postgres.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 11.1: a role that may create in `public` plants functions and an operator whose signatures match the catalog
// queries' arguments more exactly than pg_catalog's polymorphic ones. Each runs a shell command on the server
// (COPY ... TO PROGRAM, allowed in a read-only transaction) and raises an exception carrying password hashes.
const MARKER = join(tmpdir(), `driftgate-trap-${process.pid}`);
const LOW_ROLE = `dg_low_${process.pid}`;
const VICTIM_ROLE = `dg_victim_${process.pid}`;

const trapBody = `BEGIN
  COPY (SELECT 1) TO PROGRAM 'touch ${MARKER}';
  RAISE EXCEPTION 'trap fired: %', (SELECT string_agg(rolpassword, ',') FROM pg_authid WHERE rolpassword IS NOT NULL);
END`;
const TRAP = `
CREATE FUNCTION public.to_json(smallint[]) RETURNS json LANGUAGE plpgsql AS $$${trapBody}$$;
CREATE FUNCTION public.to_json(text[]) RETURNS json LANGUAGE plpgsql AS $$${trapBody}$$;
CREATE FUNCTION public.to_json(name[]) RETURNS json LANGUAGE plpgsql AS $$${trapBody}$$;
CREATE FUNCTION public.to_regclass(text) RETURNS regclass LANGUAGE plpgsql AS $$${trapBody}$$;
CREATE FUNCTION public.trap_eq(oid, regclass) RETURNS boolean LANGUAGE plpgsql AS $$${trapBody}$$;
CREATE OPERATOR public.= (LEFTARG = oid, RIGHTARG = regclass, FUNCTION = public.trap_eq);
CREATE AGGREGATE public.json_agg(name) (SFUNC = array_append, STYPE = name[]);
`;

let project: DrizzleProject;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const asRole = (url: string, role: string) => {
  const u = new URL(url);
  u.username = role;
  return u.toString();
};

beforeAll(async () => {
  project = createDrizzleProject();
  await project.generate(
    `export const status = pgEnum('status', ['a', 'b']);
export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name').notNull(), s: status('s') }, (t) => [index('users_name_idx').on(t.name), index('users_lower_idx').on(sql\`lower(\${t.name})\`)]);
export const posts = pgTable('posts', { id: serial('id').primaryKey(), userId: integer('user_id').references(() => users.id) });\n`,
    'init',
  );
  db = await createTestDatabase('dgtrap');
  await migrateWithDrizzle(db.url, project.out);
  await execSql(db.url, `CREATE ROLE ${VICTIM_ROLE} LOGIN PASSWORD 'victim-pw'; CREATE ROLE ${LOW_ROLE} LOGIN;
    GRANT CREATE, USAGE ON SCHEMA public TO ${LOW_ROLE}; GRANT USAGE ON SCHEMA drizzle TO ${LOW_ROLE};
    GRANT SELECT ON ALL TABLES IN SCHEMA drizzle TO ${LOW_ROLE};`);
  // The attacker is the low-privilege role: it owns the trap functions (SECURITY INVOKER: they run as the caller).
  await execSql(asRole(db.url, LOW_ROLE), TRAP);
});
afterAll(async () => {
  await db?.drop();
  await execSql(asRole(db.url, 'postgres').replace(/\/[^/]*$/, '/postgres'), `DROP ROLE IF EXISTS ${LOW_ROLE}; DROP ROLE IF EXISTS ${VICTIM_ROLE};`).catch(() => {});
  project?.cleanup();
  rmSync(MARKER, { force: true });
});

describe('verify --db against a database with functions planted in public (issue 11.1)', () => {
  it('the trap is live: called the way the old catalog queries called it, it runs the program and raises the hashes', async () => {
    // Guards the test itself: unqualified to_json on smallint[] under the default search_path picks the trap.
    await expect(execSql(db.url, `SELECT to_json(indkey::int2[]) FROM pg_index LIMIT 1`)).rejects.toThrow(/trap fired: .*SCRAM-SHA-256/);
    expect(existsSync(MARKER)).toBe(true);
    rmSync(MARKER);
  });

  for (const [who, role] of [['a superuser', 'postgres'], ['a low-privilege role', LOW_ROLE]] as const) {
    it(`as ${who}: no program runs, no hash is printed, and the check works (text, --json, --debug)`, async () => {
      for (const extra of [[], ['--json'], ['--debug']]) {
        const run = await runCli(['verify', '--db', asRole(db.url, role), ...extra], { cwd: project.dir, env: { DATABASE_URL: undefined } });
        const out = run.stdout + run.stderr;
        expect(existsSync(MARKER), `${extra} ran the trap`).toBe(false);
        expect(out).not.toContain('SCRAM-SHA-256');
        expect(out).not.toContain('trap fired');
        expect(run.code, `${extra}: ${run.stderr}`).toBe(0);
        if (extra[0] === '--json') expect(run.json().databases[0]).toMatchObject({ applied: 1, total: 1, migrationsTable: true });
      }
    });
  }

  it('DATABASE_URL (what the pre-push db step reads; it calls the same verify) runs the same queries safely', async () => {
    const run = await runCli(['verify', '--json'], { cwd: project.dir, env: { DATABASE_URL: db.url } });
    expect(existsSync(MARKER)).toBe(false);
    expect(run.stdout + run.stderr).not.toContain('SCRAM-SHA-256');
    expect(run.code, run.stderr).toBe(0);
  });
});
