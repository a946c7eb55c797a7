import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, SCHEMA_IMPORTS, type DrizzleProject } from '../helpers/drizzle-project.js';
import { createDrizzleV1Project, type DrizzleV1Project } from '../helpers/drizzle-v1-project.js';
import { runCli } from '../helpers/run-cli.js';

// The embedded replay traces the new migration (outside git: the newest one) and the lock rules state what
// Postgres did: the locks the statement took, whether the table's relfilenode changed. Both drizzle layouts, each
// history made by the real drizzle-kit (0.x journal, 1.0 folders); the volatile function a default calls comes from
// a custom migration (`drizzle-kit generate --custom`), as a team would add it.

const FUNCTION_SQL = `CREATE FUNCTION next_code() RETURNS text LANGUAGE sql VOLATILE AS $$ SELECT md5(random()::text) $$;\n`;

interface Change {
  age?: boolean;
  nick?: boolean;
  tz?: boolean;
  code?: boolean;
  index?: boolean;
  posts?: boolean;
}

/** users and teams before (all false) and after a change. */
function schema(c: Change): string {
  const users = `export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name'),
  age: ${c.age ? "bigint('age', { mode: 'number' })" : "integer('age')"},
  nick: varchar('nick', { length: ${c.nick ? 20 : 10} }),
  seen: timestamp('seen'${c.tz ? ', { withTimezone: true }' : ''}),${c.code ? "\n  code: text('code').default(sql`next_code()`)," : ''}
});\n`;
  const teams = `export const teams = pgTable('teams', { id: serial('id').primaryKey(), slug: text('slug') }${c.index ? ", (t) => [index('teams_slug_idx').on(t.slug)]" : ''});\n`;
  const posts = c.posts ? `export const posts = pgTable('posts', { id: serial('id').primaryKey(), title: text('title') }, (t) => [index('posts_title_idx').on(t.title)]);\n` : '';
  return SCHEMA_IMPORTS + users + teams + posts;
}

const ALL: Change = { age: true, nick: true, tz: true, code: true, index: true, posts: true };
const SAFETY = /^(lock|data|destructive|compat)\//;
const ENV = { DATABASE_URL: '', DRIFTGATE_SKIP: 'schema,typecheck' };

async function safety(dir: string, command: 'check' | 'verify') {
  const args = command === 'verify' ? ['verify', '--embedded', '--json', '--no-baseline'] : ['check', '--json', '--no-baseline'];
  const run = await runCli(args, { cwd: dir, env: ENV, timeoutMs: 120_000 });
  expect(run.stderr).toBe('');
  const json = run.json();
  return { code: run.code, findings: (json.findings as any[]).filter((f) => SAFETY.test(f.rule)), notes: json.notes as string[], all: json.findings as any[] };
}

/** The line of `text` in a migration file (1-based). */
function lineOf(sql: string, text: string): number {
  const at = sql.split('\n').findIndex((l) => l.includes(text));
  expect(at, `${text} in\n${sql}`).toBeGreaterThanOrEqual(0);
  return at + 1;
}

interface Layout {
  name: string;
  /** Whether the static rules can read the column types (drizzle-kit 1.0's diff snapshots hold deltas only: the text
   * analysis then cannot tell a binary-coercible change from a rewrite, and the trace can). */
  checkKnowsTypes: boolean;
  /** Builds the history (init, the custom function) and the change; returns the project dir, the change's SQL
   * file (display path) and its text. */
  build(change: Change): Promise<{ dir: string; file: string; sql: string; tag: string }>;
}

const cleanups: (() => void)[] = [];
afterAll(() => cleanups.forEach((c) => c()));

const journal: Layout = {
  name: 'drizzle-kit 0.x (journal)',
  checkKnowsTypes: true,
  async build(change) {
    const p: DrizzleProject = createDrizzleProject();
    cleanups.push(() => p.cleanup());
    await p.generate(schema({}), 'init');
    await p.custom('next_code', FUNCTION_SQL);
    const tag = (await p.generate(schema(change), 'change'))!;
    return { dir: p.dir, file: `drizzle/${tag}.sql`, sql: p.read(`drizzle/${tag}.sql`), tag };
  },
};

const second = () => new Promise((resolve) => setTimeout(resolve, 1100));
const folders: Layout = {
  name: 'drizzle-kit 1.0 (folders)',
  checkKnowsTypes: false,
  async build(change) {
    const p: DrizzleV1Project = createDrizzleV1Project();
    cleanups.push(() => p.cleanup());
    await p.generate(schema({}), 'init');
    await second(); // drizzle-kit 1.0 names folders by the second
    await p.custom('next_code', FUNCTION_SQL);
    await second();
    const tag = (await p.generate(schema(change), 'change'))!;
    return { dir: p.dir, file: `drizzle/${tag}/migration.sql`, sql: p.read(`drizzle/${tag}/migration.sql`), tag };
  },
};

describe.each([journal, folders])('lock rules traced on the embedded replay: $name', (layout) => {
  let built: Awaited<ReturnType<Layout['build']>>;
  let verify: Awaited<ReturnType<typeof safety>>;
  let check: Awaited<ReturnType<typeof safety>>;
  beforeAll(async () => {
    built = await layout.build(ALL);
    [check, verify] = [await safety(built.dir, 'check'), await safety(built.dir, 'verify')];
  }, 240_000);

  const at = (findings: any[], rule: string, text: string) => findings.filter((f) => f.rule === rule && f.line === lineOf(built.sql, text));

  it('a type change that rewrites: lock/table-rewrite with the lock taken and the relfilenode change', () => {
    const [f] = at(verify.findings, 'lock/table-rewrite', '"age" SET DATA TYPE bigint');
    expect(f).toMatchObject({ tag: built.tag, file: built.file, severity: 'error' });
    // the first statement on users takes the lock; a later one runs under it (one transaction)
    const first = Math.min(...['"age" SET DATA TYPE', '"nick" SET DATA TYPE', '"seen" SET DATA TYPE', 'ADD COLUMN "code"'].map((t) => lineOf(built.sql, t)));
    const lock = f.line === first ? 'took ACCESS EXCLUSIVE on public.users' : 'ran under ACCESS EXCLUSIVE on public.users (taken earlier in this deploy and still held)';
    expect(f.message).toContain(`${lock} and rewrote public.users (traced on embedded Postgres 17: its relfilenode changed)`);
    expect(f.message).toContain('ONE transaction');
  });

  it('varchar(10) → varchar(20) is binary-coercible: the trace shows no rewrite', () => {
    expect(at(check.findings, 'lock/table-rewrite', 'SET DATA TYPE varchar(20)')).toHaveLength(layout.checkKnowsTypes ? 0 : 1);
    expect(at(verify.findings, 'lock/table-rewrite', 'SET DATA TYPE varchar(20)')).toEqual([]);
  });

  it('timestamp → timestamptz: the text guesses a rewrite, the trace (TimeZone UTC) shows none and drops it', () => {
    expect(at(check.findings, 'lock/table-rewrite', 'SET DATA TYPE timestamp with time zone')).toHaveLength(1);
    expect(at(verify.findings, 'lock/table-rewrite', 'SET DATA TYPE timestamp with time zone')).toEqual([]);
  });

  it('a default calling a volatile user function: the text misses the rewrite, the trace reports it', () => {
    expect(at(check.findings, 'lock/table-rewrite', 'next_code()')).toEqual([]);
    const [f] = at(verify.findings, 'lock/table-rewrite', 'next_code()');
    expect(f).toMatchObject({ tag: built.tag, file: built.file, severity: 'error' });
    expect(f.message).toContain('rewrites public.users (the embedded replay saw its relfilenode change)');
    expect(f.message).toContain('rewrote public.users (traced on embedded Postgres 17: its relfilenode changed)');
  });

  it('CREATE INDEX on an existing table: lock/create-index names the SHARE lock the trace saw', () => {
    const [f] = at(verify.findings, 'lock/create-index', '"teams_slug_idx"');
    expect(f).toMatchObject({ tag: built.tag, file: built.file, severity: 'error' });
    expect(f.message).toContain('took SHARE on public.teams (traced on embedded Postgres 17)');
    expect(f.message).not.toContain('takes SHARE');
  });

  it('a table created in the same migration: no finding, traced or not', () => {
    expect(verify.findings.filter((f) => f.message.includes('posts'))).toEqual([]);
  });

  it('verify exits 1 on the traced errors and says what it traced; check stays static', () => {
    expect(verify.code).toBe(1);
    expect(verify.findings.map((f) => f.rule).sort()).toEqual(['lock/create-index', 'lock/table-rewrite', 'lock/table-rewrite']);
    expect(check.code).toBe(1);
    const guessed = layout.checkKnowsTypes ? 2 : 3; // age, seen (and nick when the types are unknown)
    expect(check.findings.map((f) => f.rule).sort()).toEqual(['lock/create-index', ...Array(guessed).fill('lock/table-rewrite')]);
    expect(check.findings.find((f) => f.rule === 'lock/create-index').message).toContain('takes SHARE on public.teams');
  });
});

describe.each([journal, folders])('a rewrite only the text predicts: $name', (layout) => {
  it('check exits 1 on lock/table-rewrite; verify traces no rewrite and exits 0', async () => {
    const built = await layout.build({ tz: true });
    const check = await safety(built.dir, 'check');
    expect(check.code).toBe(1);
    expect(check.findings.map((f) => [f.rule, f.file])).toEqual([['lock/table-rewrite', built.file]]);
    const verify = await runCli(['verify', '--embedded', '--no-baseline'], { cwd: built.dir, env: ENV, timeoutMs: 120_000 });
    expect(verify.stdout).not.toContain('lock/table-rewrite');
    expect(verify.stdout).toMatch(/traced the deploy of 1 new migration \(1 statement in one transaction\): the lock rules state the locks and rewrites Postgres 17 performed/);
    expect(verify.code).toBe(0);
  }, 240_000);
});

describe('a new migration whose journal `when` is older than the history (drizzle 0.x skips it on deployed databases)', () => {
  it('the replay still checks the state with it applied; the lock rules keep the text verdict, untraced', async () => {
    const p = createDrizzleProject();
    cleanups.push(() => p.cleanup());
    await p.generate(schema({}), 'init');
    const tag = (await p.generate(schema({ index: true }), 'teams_index'))!;
    const journal = p.journal();
    journal.entries[1].when = journal.entries[0].when - 60_000; // what a hand-merged journal can hold
    p.writeJournal(journal);
    const run = await runCli(['verify', '--embedded', '--json', '--no-baseline'], { cwd: p.dir, env: ENV, timeoutMs: 120_000 });
    expect(run.stderr).toBe('');
    const findings = run.json().findings as any[];
    expect(findings.map((f) => [f.rule, f.tag]).sort()).toEqual([['journal/when-order', tag], ['lock/create-index', tag]]);
    expect(findings.find((f) => f.rule === 'lock/create-index').message).toContain('takes SHARE on public.teams');
    expect(run.code).toBe(1);
  }, 240_000);
});
