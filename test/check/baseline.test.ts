import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBaseProject, type BaseProject } from '../helpers/base-project.js';
import { editJournal, writeFileSync } from '../helpers/mutations.js';
import { runCli } from '../helpers/run-cli.js';

const YEAR = 365 * 86_400_000;

// Adoption on a repo with history: record what is there, reject only what is new.
describe('driftgate baseline', () => {
  let p: BaseProject;
  beforeAll(async () => {
    p = await makeBaseProject();
    await p.generate(
      `export const role = pgEnum('role', ['admin', 'member']);
export const users = pgTable('users', { id: serial('id').primaryKey(), email: text('email').notNull().unique(), role: role('role').default('member').notNull(), name: text('name') });
export const posts = pgTable('posts', { id: serial('id').primaryKey(), authorId: integer('author_id').notNull().references(() => users.id), title: text('title').notNull(), createdAt: timestamp('created_at').defaultNow().notNull() }, (t) => [index('posts_author_idx').on(t.authorId)]);`,
      'names',
    );
    editJournal(p, (j) => {
      j.entries[2].when -= YEAR; // an old regression the team already lives with
    });
    writeFileSync(`${p.out}/0001_left_over.sql`, 'SELECT 1;');
  });
  afterAll(() => p.cleanup());

  it('records every current finding, sorted, with rule id, tag and fingerprint', async () => {
    const before = await runCli(['check', '--json'], { cwd: p.dir });
    expect(before.code).toBe(1);
    const run = await runCli(['baseline'], { cwd: p.dir });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('wrote driftgate.baseline.json');
    const baseline = JSON.parse(readFileSync(`${p.dir}/driftgate.baseline.json`, 'utf8'));
    expect(baseline.version).toBe(1);
    const recorded = baseline.entries.map((e: any) => `${e.rule} ${e.tag}`);
    expect([...recorded].sort()).toEqual(before.json().findings.map((f: any) => `${f.rule} ${f.tag}`).sort());
    expect(recorded).toEqual([...recorded].sort()); // stable, reviewable order (one folder: by rule, then tag)
    for (const e of baseline.entries) expect(e.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('check then hides baselined findings, counts them, and exits 0', async () => {
    const run = await runCli(['check', '--json'], { cwd: p.dir });
    expect(run.code).toBe(0);
    const doc = run.json();
    expect(doc.findings).toEqual([]);
    expect(doc.suppressed.baseline).toBeGreaterThanOrEqual(3);
    const pretty = await runCli(['check'], { cwd: p.dir });
    expect(pretty.stdout).toMatch(/baselined/);
  });

  it('a second when regression on another migration is NOT hidden by the first', async () => {
    editJournal(p, (j) => {
      j.entries[3].when = j.entries[0].when - 1;
    });
    const run = await runCli(['check', '--json'], { cwd: p.dir });
    expect(run.code).toBe(1);
    expect(run.json().findings.map((f: any) => `${f.rule} ${f.tag}`)).toEqual([`journal/when-order ${p.journal().entries[3].tag}`]);
    editJournal(p, (j) => {
      j.entries[3].when = Date.now();
    });
  });

  it('reports baseline entries that no longer occur; --no-baseline shows everything', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(`${p.out}/0001_left_over.sql`);
    const run = await runCli(['check', '--json'], { cwd: p.dir });
    expect(run.code).toBe(0);
    expect(run.json().staleBaseline.map((e: any) => `${e.rule} ${e.tag}`)).toContain('journal/orphan-sql 0001_left_over');
    const pretty = await runCli(['check'], { cwd: p.dir });
    expect(pretty.stdout).toMatch(/no longer occur/);
    const all = await runCli(['check', '--json', '--no-baseline'], { cwd: p.dir });
    expect(all.code).toBe(1);
    expect(existsSync(`${p.dir}/driftgate.baseline.json`)).toBe(true);
  });

  it('a corrupt baseline is a one-line error, exit 2', async () => {
    writeFileSync(`${p.dir}/broken.json`, '{"entries": 5}');
    const run = await runCli(['check', '--baseline', 'broken.json'], { cwd: p.dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^driftgate: baseline .*broken\.json is not valid/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
