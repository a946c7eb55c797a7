import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyProject, makeBaseProject, type BaseProject } from '../helpers/base-project.js';
import { createTestDatabase, execSql, migrateWithDrizzle } from '../helpers/postgres.js';
import { editJournal, editSnapshot } from '../helpers/mutations.js';
import { runCli } from '../helpers/run-cli.js';

// Issue 11.5 and the snapshot nulls: numbers past the JavaScript date range and nulls where objects belong are
// findings (or one clear line), never an internal error.
let base: BaseProject;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
const copies: BaseProject[] = [];
const copy = () => {
  const c = copyProject(base);
  copies.push(c);
  return c;
};
beforeAll(async () => {
  base = await makeBaseProject();
  db = await createTestDatabase('dghuge');
  await migrateWithDrizzle(db.url, base.out);
});
afterAll(async () => {
  await db?.drop();
  for (const c of [base, ...copies]) c?.cleanup();
});

const noCrash = (run: { stdout: string; stderr: string }) => {
  expect(run.stdout + run.stderr).not.toMatch(/internal error|Invalid time value|driftgate failed|\n\s+at .*\.js:\d+/);
};

describe('huge and wrong-typed numbers', () => {
  it('a journal when of 1e16 (past the date range) → journal/when-future, exit 1', async () => {
    const p = copy();
    editJournal(p, (j) => (j.entries[2].when = 1e16));
    for (const extra of [[], ['--json']]) {
      const run = await runCli(['check', ...extra], { cwd: p.dir });
      noCrash(run);
      expect(run.code).toBe(1);
      if (extra.length) expect(run.json().findings.map((f: any) => `${f.rule} ${f.tag}`)).toEqual([`journal/when-future ${p.tags[2]}`]);
      else expect(run.stdout).toContain('is stamped beyond the year 275760, in the future');
    }
  });

  it('a string when → the static journal/invalid, and verify does not replay it into "invalid input syntax for type bigint"', async () => {
    const p = copy();
    editJournal(p, (j) => (j.entries[2].when = 'soon'));
    const run = await runCli(['verify', '--json'], { cwd: p.dir, env: { DATABASE_URL: undefined } });
    noCrash(run);
    expect(run.stdout + run.stderr).not.toContain('bigint');
    expect(run.code).toBe(1);
    expect(run.json().findings.map((f: any) => f.rule)).toEqual(['journal/invalid']);
    const pretty = await runCli(['verify'], { cwd: p.dir, env: { DATABASE_URL: undefined } });
    expect(pretty.stdout).toContain('drizzle: embedded replay skipped — its journal is invalid (see journal/invalid)');
  });

  it('a tracking-table created_at of 1e16 → verify --db reports the row (db/unknown-migration), no abort', async () => {
    const other = await createTestDatabase('dghuge2');
    try {
      await migrateWithDrizzle(other.url, base.out);
      await execSql(other.url, `insert into drizzle.__drizzle_migrations (hash, created_at) values ('${'cd'.repeat(32)}', 10000000000000000)`);
      const run = await runCli(['verify', '--db', other.url, '--json'], { cwd: base.dir });
      noCrash(run);
      expect(run.code, run.stderr).toBe(0);
      const unknown = run.json().findings.filter((f: any) => f.rule === 'db/unknown-migration');
      expect(unknown).toHaveLength(1);
      expect(unknown[0].message).toContain('created_at 10000000000000000 = beyond the year 275760');
    } finally {
      await other.drop();
    }
  });
});

describe('nulls where a snapshot has objects', () => {
  for (const [what, edit, where] of [
    ['foreignKeys: {"fk": null}', (s: any) => (s.tables['public.posts'].foreignKeys = { fk: null }), 'tables["public.posts"].foreignKeys["fk"] is null, not an object'],
    ['sequences: {"s": null}', (s: any) => (s.sequences = { s: null }), 'sequences["s"] is null, not an object'],
  ] as const) {
    it(`${what} → verify --db says which entry, in one line (exit 2), no crash`, async () => {
      const p = copy();
      editSnapshot(p, p.tags[2], edit);
      const run = await runCli(['verify', '--db', db.url], { cwd: p.dir });
      noCrash(run);
      expect(run.code).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines[0]).toBe(`driftgate: drizzle/meta/0002_snapshot.json: ${where}`);
      expect(lines[1]).toMatch(/restore it from git/);
    });
  }
});

describe('baseline into a folder that does not exist yet', () => {
  it('baseline --baseline ci/new/x.json creates the folder (no ENOENT)', async () => {
    const p = copy();
    editJournal(p, (j) => (j.entries[2].when = j.entries[0].when));
    const run = await runCli(['baseline', '--baseline', 'ci/new/x.json'], { cwd: p.dir });
    expect(run.stderr).not.toContain('ENOENT');
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(p.dir, 'ci/new/x.json'), 'utf8'))).toBeTruthy();
    const check = await runCli(['check', '--baseline', 'ci/new/x.json'], { cwd: p.dir });
    expect(check.code, check.stdout).toBe(0);
  });
});
