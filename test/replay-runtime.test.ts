import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzleProject, SCHEMA_IMPORTS, type DrizzleProject } from './helpers/drizzle-project.js';
import { pathToFileURL } from 'node:url';
import { BIN, REPO_ROOT } from './helpers/paths.js';
import { runCli } from './helpers/run-cli.js';

/** Each test gets its own TMPDIR, so "no data dir left behind" is about this run only. */
const tmpRoot = mkdtempSync(join(tmpdir(), 'driftgate-runtime-test-'));
afterAll(() => rmSync(tmpRoot, { recursive: true, force: true }));
const freshTmp = () => mkdtempSync(join(tmpRoot, 't-'));
const leftovers = (tmp: string) => readdirSync(tmp).filter((f) => f.startsWith('driftgate-pglite-'));

/** A throwaway drizzle project and TMPDIR for one test; the project is removed afterwards. */
const inProject = (fn: (p: DrizzleProject, tmp: string) => Promise<void>) => async () => {
  const p = createDrizzleProject();
  try {
    await fn(p, freshTmp());
  } finally {
    p.cleanup();
  }
};

async function verifyJson(dir: string, tmp: string, args: string[] = []) {
  const run = await runCli(['verify', '--embedded', '--json', '--no-typecheck', ...args], { cwd: dir, env: { DATABASE_URL: '', TMPDIR: tmp }, timeoutMs: 120_000 });
  const doc = run.stdout ? run.json() : { findings: [] };
  return { ...run, findings: doc.findings as { rule: string; message: string; file?: string; tag?: string; severity: string }[] };
}

/** The pretty report: the replay's note ("replayed N/M migrations …") is only there. */
async function verifyText(dir: string, tmp: string) {
  return runCli(['verify', '--embedded', '--no-typecheck'], { cwd: dir, env: { DATABASE_URL: '', TMPDIR: tmp }, timeoutMs: 120_000 });
}

const HUNG = 'DO $$ BEGIN LOOP END LOOP; END $$;';

describe('a hung migration', { timeout: 180_000 }, () => {
  it('hits the statement time limit: replay/failed names the migration, its file and the limit; no data dir left', inProject(async (p, tmp) => {
    await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });`, 'init');
    const tag = await p.custom('spin', HUNG);
    const run = await verifyJson(p.dir, tmp, ['--statement-timeout', '2s']);
    const failed = run.findings.filter((f) => f.rule === 'replay/failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].tag).toBe(tag);
    expect(failed[0].file).toContain(`${tag}.sql`);
    expect(failed[0].message).toContain('did not finish within 2 s');
    expect(run.code).toBe(1);
    expect(leftovers(tmp)).toEqual([]);
  }));

  it('replay.statementTimeout in the driftgate config sets the limit', inProject(async (p, tmp) => {
    await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });`, 'init');
    await p.custom('spin', HUNG);
    p.write('driftgate.config.json', JSON.stringify({ replay: { statementTimeout: '4500ms' } }));
    const run = await verifyJson(p.dir, tmp);
    expect(run.findings.find((f) => f.rule === 'replay/failed')?.message).toContain('did not finish within 4500 ms');
    expect(run.code).toBe(1);
  }));

  it('Ctrl-C (SIGINT) during the hung statement: exit 130 within 2 s, no data dir left', inProject(async (p, tmp) => {
    await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });`, 'init');
    await p.custom('spin', HUNG);
    const child = spawn(process.execPath, [BIN, 'verify', '--embedded', '--no-typecheck', '--debug'], { cwd: p.dir, env: { ...process.env, DATABASE_URL: '', TMPDIR: tmp, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let sentAt = 0;
    let stderr = '';
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stderr.on('data', (d) => {
      stderr += d;
      // the migrator is running once the database has started: give it a moment to reach the loop
      if (!sentAt && /embedded: started/.test(stderr)) {
        sentAt = -1;
        setTimeout(() => ((sentAt = performance.now()), child.kill('SIGINT')), 1500);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(killer);
    expect(sentAt).toBeGreaterThan(0);
    expect(performance.now() - sentAt).toBeLessThan(2_000);
    expect(code).toBe(130);
    expect(leftovers(tmp)).toEqual([]);
  }));
});

describe('extensions', { timeout: 180_000 }, () => {
  it('pgvector: CREATE EXTENSION vector (a custom migration), a vector(3) column and an hnsw index replay cleanly', inProject(async (p, tmp) => {
    p.write('schema.ts', SCHEMA_IMPORTS);
    await p.custom('enable_vector', 'CREATE EXTENSION IF NOT EXISTS vector;');
    await p.generate(
      `import { pgTable, serial, text, vector, index } from 'drizzle-orm/pg-core';
export const docs = pgTable('docs', { id: serial('id').primaryKey(), body: text('body'), embedding: vector('embedding', { dimensions: 3 }) }, (t) => [index('docs_embedding_idx').using('hnsw', t.embedding.op('vector_cosine_ops'))]);`,
      'docs',
    );
    expect(p.read(`drizzle/${p.journal().entries[1].tag}.sql`)).toContain('vector(3)');
    const run = await verifyText(p.dir, tmp);
    expect(run.stdout).toContain('replayed 2/2 migrations');
    expect(run.stdout).toContain('✓ verify: no problems');
    expect(run.code).toBe(0);
  }));

  it('pg_trgm (gin trigram index), pgcrypto and "uuid-ossp" replay cleanly', inProject(async (p, tmp) => {
    p.write('schema.ts', SCHEMA_IMPORTS);
    await p.custom('extensions', 'CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint\nCREATE EXTENSION IF NOT EXISTS pgcrypto;--> statement-breakpoint\nCREATE EXTENSION IF NOT EXISTS "uuid-ossp";');
    await p.generate(
      `${SCHEMA_IMPORTS}export const tasks = pgTable('tasks', { id: uuid('id').primaryKey().default(sql\`uuid_generate_v4()\`), token: text('token').default(sql\`encode(gen_random_bytes(8), 'hex')\`), title: text('title').notNull() }, (t) => [index('tasks_title_trgm_idx').using('gin', sql\`\${t.title} gin_trgm_ops\`)]);`,
      'tasks',
    );
    const run = await verifyText(p.dir, tmp);
    // the runtime's part: every statement ran (how an opclass index compares is the comparison's business)
    expect(run.stdout).toContain('replayed 2/2 migrations');
    expect(run.stdout).not.toMatch(/replay\/(failed|unsupported)/);
  }));

  it('an extension the embedded Postgres cannot provide: one replay/unsupported warning naming it and --db; the replay goes on', inProject(async (p, tmp) => {
    p.write('schema.ts', SCHEMA_IMPORTS);
    const tag = await p.custom('postgis', 'CREATE EXTENSION IF NOT EXISTS postgis;');
    await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });`, 'users');
    const run = await verifyJson(p.dir, tmp);
    const unsupported = run.findings.filter((f) => f.rule === 'replay/unsupported');
    expect(unsupported).toHaveLength(1);
    expect(unsupported[0]).toMatchObject({ severity: 'warn', tag });
    expect(unsupported[0].message).toContain('postgis');
    expect(JSON.stringify(unsupported[0])).toContain('--db');
    expect(run.findings.filter((f) => f.severity === 'error')).toEqual([]);
    expect(run.code).toBe(0);
  }));
});

describe('platform preambles', { timeout: 180_000 }, () => {
  it('Supabase: a schema referencing authUsers with an RLS policy TO authenticated on auth.uid() replays to the end', inProject(async (p, tmp) => {
    await p.generate(
      `import { pgTable, uuid, text, pgPolicy } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { authUsers, authenticatedRole, authUid } from 'drizzle-orm/supabase';
export const profiles = pgTable('profiles', { id: uuid('id').primaryKey().references(() => authUsers.id, { onDelete: 'cascade' }), name: text('name') }, (t) => [
  pgPolicy('profiles_own', { for: 'select', to: authenticatedRole, using: sql\`\${authUid} = \${t.id}\` }),
]);`,
      'profiles',
    );
    const sql = p.read(`drizzle/${p.journal().entries[0].tag}.sql`);
    expect(sql).toContain('"auth"."users"');
    expect(sql).toContain('auth.uid()');
    const run = await verifyText(p.dir, tmp);
    expect(run.stdout).toMatch(/replayed 1\/1 migrations .*supabase preamble/);
    expect(run.stdout).toContain('✓ verify: no problems');
    expect(run.code).toBe(0);
  }));

  it('Supabase, auth.users mirrored in the schema (its CREATE statements removed, as projects do): not compared with the platform table', inProject(async (p, tmp) => {
    const tag = await p.generate(
      `${SCHEMA_IMPORTS}const auth = pgSchema('auth');
export const users = auth.table('users', { id: uuid('id').primaryKey(), email: text('email').notNull() });
export const profiles = pgTable('profiles', { id: uuid('id').primaryKey().references(() => users.id, { onDelete: 'cascade' }), name: text('name') });`,
      'profiles',
    );
    const file = `drizzle/${tag}.sql`;
    const generated = p.read(file);
    expect(generated).toContain('CREATE TABLE "auth"."users"');
    // the platform owns auth.users: the project deletes drizzle-kit's CREATE SCHEMA / CREATE TABLE for it
    p.write(file, generated.split('--> statement-breakpoint').filter((chunk) => !/"auth"\."users" \(|CREATE SCHEMA "auth"/.test(chunk)).join('--> statement-breakpoint'));
    const run = await verifyText(p.dir, tmp);
    expect(run.stdout).toMatch(/replayed 1\/1 migrations .*supabase preamble/);
    expect(run.stdout).toContain('✓ verify: no problems');
    expect(run.code).toBe(0);
  }));

  it('replay.preamble: a user SQL file runs before the first migration', inProject(async (p, tmp) => {
    await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });`, 'init');
    const tag = await p.custom('grant', 'GRANT SELECT ON "users" TO app_reader;');
    const before = await verifyJson(p.dir, tmp);
    expect(before.findings.find((f) => f.rule === 'replay/failed')).toMatchObject({ tag });
    writeFileSync(join(p.dir, 'platform.sql'), 'CREATE ROLE app_reader;\n');
    p.write('driftgate.config.json', JSON.stringify({ replay: { preamble: './platform.sql' } }));
    const after = await verifyText(p.dir, tmp);
    expect(after.stdout).toContain('./platform.sql preamble');
    expect(after.stdout).toContain('✓ verify: no problems');
    expect(after.code).toBe(0);
  }));
});

describe('incremental replay (the pre-push cache)', { timeout: 240_000 }, () => {
  const VERIFY_EMBEDDED = pathToFileURL(join(REPO_ROOT, 'dist/embedded/verify-embedded.js')).href;
  const TARGETS = pathToFileURL(join(REPO_ROOT, 'dist/config/targets.js')).href;
  const OPEN = pathToFileURL(join(REPO_ROOT, 'dist/systems/open-folder.js')).href;

  /** replayTarget (what pre-push calls) with the cache on, in a child process with its own cache dir; `drop` leaves
   * out the newest N migrations (the history before the push). Prints the notes and findings as JSON. */
  function push(dir: string, cacheDir: string, drop = 0) {
    const source = `
      import { replayTarget } from '${VERIFY_EMBEDDED}';
      import { resolveTargets } from '${TARGETS}';
      import { openFolder } from '${OPEN}';
      const [target] = await resolveTargets({ cwd: ${JSON.stringify(dir)} });
      let folder = await openFolder(target);
      if (${drop}) folder = { ...folder, migrations: folder.migrations.slice(0, -${drop}), journal: { ...folder.journal, entries: folder.journal.entries.slice(0, -${drop}) } };
      const out = await replayTarget(target, folder, { fromWorkTree: false, cache: true, projectDir: ${JSON.stringify(dir)} });
      console.log(JSON.stringify({ notes: out.notes, rules: out.findings.map((f) => f.rule), found: out.findings.map((f) => [f.rule, f.severity, f.key].join(' ')).sort() }));`;
    return new Promise<{ notes: string[]; rules: string[]; found: string[]; debug: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', source], { env: { ...process.env, DRIFTGATE_CACHE_DIR: cacheDir, DEBUG: 'driftgate' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => (code === 0 ? resolve({ ...JSON.parse(stdout), debug: stderr }) : reject(new Error(`exit ${code}: ${stderr}`))));
    });
  }

  it('on a cached state the final checks read only what the new migrations can change, and report what the state had', async () => {
    const p = createDrizzleProject();
    const [cacheDir, fullCache] = [mkdtempSync(join(tmpRoot, 'cache-')), mkdtempSync(join(tmpRoot, 'cache-'))];
    try {
      // a UNIQUE on the primary key, which Postgres folds into it: an info finding on every state after the first
      const first = `export const tags = pgTable('tags', { id: text('id').primaryKey().unique() });
export const members = pgTable('members', { id: serial('id').primaryKey(), team: integer('team') }, (t) => [index('members_team').on(t.team)]);`;
      await p.generate(first, 'init');
      await p.generate(`${first}\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });`, 'posts');
      await push(p.dir, cacheDir, 1);
      const push1 = await push(p.dir, cacheDir);
      expect(push1.notes[0]).toContain('replayed 1/2 migrations (1 restored from the replay cache)');
      expect(push1.debug).toContain('final checks on the 1 table(s) the new migrations can have changed');
      expect(push1.found).toEqual(['db/missing-unique info public.tags/unique:tags_id_unique']);
      expect(push1.found).toEqual((await push(p.dir, fullCache)).found);
      // a hand-written DROP INDEX names the index, not its table: the final checks read everything and catch it
      await p.custom('drop-index', 'DROP INDEX "members_team";');
      const push2 = await push(p.dir, cacheDir);
      // (one migration on a restored state is not saved: this push restores the first state again)
      expect(push2.notes[0]).toContain('replayed 2/3 migrations (1 restored from the replay cache)');
      expect(push2.debug).not.toContain('final checks on');
      expect(push2.found).toContain('db/missing-index error public.members/index:members_team');
      rmSync(fullCache, { recursive: true, force: true });
      mkdirSync(fullCache);
      expect(push2.found).toEqual((await push(p.dir, fullCache)).found);
    } finally {
      p.cleanup();
    }
  });

  it('a push adding one migration replays only that one; a damaged cache entry is rebuilt', async () => {
    const p = createDrizzleProject();
    const cacheDir = mkdtempSync(join(tmpRoot, 'cache-'));
    try {
      await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });`, 'users');
      await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });`, 'name');
      await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });\nexport const posts = pgTable('posts', { id: serial('id').primaryKey() });`, 'posts');
      const before = await push(p.dir, cacheDir, 1);
      expect(before).toMatchObject({ rules: [] });
      expect(before.notes[0]).toContain('replayed 2/2 migrations on');
      const after = await push(p.dir, cacheDir);
      expect(after.rules).toEqual([]);
      expect(after.notes[0]).toContain('replayed 1/3 migrations (2 restored from the replay cache)');
      // one migration on top of a cached state is not worth writing a new state: the next push restores the same
      expect((await push(p.dir, cacheDir)).notes[0]).toContain('replayed 1/3 migrations (2 restored from the replay cache)');
      // damage every cached state: the next push starts from scratch, says nothing about it, and caches again
      const states = join(cacheDir, readdirSync(cacheDir).find((d) => d.startsWith('replay-'))!);
      for (const entry of readdirSync(states)) {
        const tar = join(states, entry, 'state.tar');
        writeFileSync(tar, Buffer.alloc(statSync(tar).size, 7)); // same size, not a data directory
      }
      const repaired = await push(p.dir, cacheDir);
      expect(repaired.rules).toEqual([]);
      expect(repaired.notes[0]).toContain('replayed 3/3 migrations on');
      expect((await push(p.dir, cacheDir)).notes[0]).toContain('replayed 0/3 migrations (3 restored from the replay cache)');
      // the same SQL stamped an hour earlier (another clone, another branch): drizzle's watermark would treat the
      // cached rows differently, so those states are not reused
      const journal = p.journal();
      for (const e of journal.entries) e.when -= 3_600_000;
      p.writeJournal(journal);
      const shifted = await push(p.dir, cacheDir);
      expect(shifted.rules).toEqual([]);
      expect(shifted.notes[0]).toContain('replayed 3/3 migrations on');
    } finally {
      p.cleanup();
    }
  });
});
