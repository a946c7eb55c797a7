import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDrizzleProject } from './helpers/drizzle-project.js';
import { REPO_ROOT } from './helpers/paths.js';


const START = pathToFileURL(join(REPO_ROOT, 'dist/embedded/start-embedded.js')).href;
const cacheDir = mkdtempSync(join(tmpdir(), 'driftgate-cache-test-'));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

/** The built CLI, timing the gap between its last output and its exit. */
function runCli(args: string[], opts: { cwd: string; env: Record<string, string> }) {
  return new Promise<{ code: number | null; stdout: string; exitGapMs: number }>((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/driftgate.js'), ...args], { cwd: opts.cwd, env: { ...process.env, NO_COLOR: '1', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let last = performance.now();
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => ((stdout += d), (last = performance.now())));
    child.stderr.on('data', () => (last = performance.now()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, exitGapMs: performance.now() - last });
    });
  });
}

/** Runs a node ES module snippet against the built dist/, with its own (initially empty) template cache and its own
 * TMPDIR (`tmp`). */
function node(source: string, opts: { onLine?: (line: string, child: ReturnType<typeof spawn>) => void } = {}) {
  const tmp = mkdtempSync(join(tmpdir(), 'driftgate-start-tmp-'));
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; tmp: string[] }>((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', source], { env: { ...process.env, DRIFTGATE_CACHE_DIR: cacheDir, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (d) => {
      const before = stdout;
      stdout += d;
      if (opts.onLine) for (const line of stdout.slice(before.lastIndexOf('\n') + 1).split('\n').slice(0, -1)) opts.onLine(line, child);
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const left = readdirSync(tmp);
      rmSync(tmp, { recursive: true, force: true });
      resolve({ code, signal, stdout, stderr, tmp: left });
    });
  });
}

describe('embedded Postgres start', () => {
  it('initialises the cached data dir once, then starts in memory from it; nothing is written to TMPDIR', async () => {
    const run = await node(`
      import { startEmbedded } from '${START}';
      for (let i = 0; i < 2; i++) {
        const db = await startEmbedded();
        const { rows } = await db.pg.query('select 40 + 2 as answer');
        await db.close();
        console.log(JSON.stringify({ mode: db.start.mode, answer: rows[0].answer }));
      }`);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { mode: 'cold', answer: 42 },
      { mode: 'cached', answer: 42 },
    ]);
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tar'))).toHaveLength(1);
    expect(run.tmp).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('the CLI shuts the database down when a replay fails: exits at once, no data dir left in TMPDIR', async () => {
    const p = createDrizzleProject();
    const tmp = mkdtempSync(join(tmpdir(), 'driftgate-tmpdir-'));
    try {
      await p.generate(`export const users = pgTable('users', { id: serial('id').primaryKey() });`, 'init');
      await p.custom('broken', 'SELECT * FROM "no_such_table";');
      const run = await runCli(['verify', '--embedded'], { cwd: p.dir, env: { DATABASE_URL: '', TMPDIR: tmp, DRIFTGATE_CACHE_DIR: cacheDir } });
      expect(run.stdout).toContain('replay/failed');
      expect(run.code).toBe(1);
      expect(readdirSync(tmp).filter((f) => f.startsWith('driftgate-pglite-'))).toEqual([]);
      // An unclosed PGlite keeps node alive ~10 s after the report (Postgres' idle-stats timer in the WASM backend):
      // the gap between the report and the exit proves the database was shut down.
      expect(run.exitGapMs).toBeLessThan(5_000);
    } finally {
      p.cleanup();
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('Ctrl-C (SIGINT) in the middle of a replay shuts the database down and exits 130, leaving nothing in TMPDIR', async () => {
    let started = '';
    let sentAt = 0;
    const APPLY = pathToFileURL(join(REPO_ROOT, 'dist/embedded/apply-migrations.js')).href;
    const run = await node(
      `
      import { startEmbedded } from '${START}';
      import { applyMigrations } from '${APPLY}';
      const db = await startEmbedded();
      console.log('started');
      // one long migration inside drizzle's transaction: thousands of statements, minutes without Ctrl-C
      const metas = [{ sql: Array(100000).fill('select pg_sleep(0.001)'), bps: true, folderMillis: 1, hash: 'x' }];
      await applyMigrations(db.pg, metas, 'drizzle', { settings: { table: '__drizzle_migrations', schema: 'drizzle' }, drizzle: null });`,
      {
        onLine(line, child) {
          started = line.trim();
          setTimeout(() => ((sentAt = performance.now()), child.kill('SIGINT')), 300);
        },
      },
    );
    expect(run.signal).toBe(null);
    expect(run.code).toBe(130);
    expect(performance.now() - sentAt).toBeLessThan(5_000);
    expect(started).toBe('started');
    expect(run.tmp).toEqual([]);
  });

  it('an error inside withEmbedded still shuts the database down: the process exits on its own at once', async () => {
    const t0 = performance.now();
    // a running database (its worker thread) would keep node alive until the test's 60 s kill
    const run = await node(`
      import { withEmbedded } from '${START}';
      try {
        await withEmbedded(async (db) => { await db.pg.query('select * from no_such_table'); });
      } catch (error) {
        console.log(JSON.stringify({ error: error.message }));
      }`);
    expect(JSON.parse(run.stdout.trim())).toEqual({ error: 'relation "no_such_table" does not exist' });
    expect(run.signal).toBe(null);
    expect(run.code).toBe(0);
    expect(performance.now() - t0).toBeLessThan(30_000);
  });
});
