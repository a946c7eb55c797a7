/** The replay and database part of `npm run conformance` for the drizzle corpus: `driftgate verify` (embedded, no
 * --db) on every folder must replay to its last migration with exactly the replay findings written down in
 * test/conformance/expectations-replay.json; for the folders with a `db` entry, the folder is migrated by drizzle's
 * own migrator into a new database on the local Postgres and `verify --db` must report exactly the db/* findings
 * written down there (no false errors for CHECKs, the UNIQUE folded into the primary key, …). */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diff, driftgate, judged, key, type Expected } from './findings.js';

interface FolderExpectation {
  why?: string;
  /** Findings of rules replay/* and db/* (errors and warnings) of the embedded verify. */
  replay: Expected[];
  /** Why the replay legitimately does not run or stops early (e.g. SQL files missing from the repository). */
  skipped?: string;
  /** Run `verify --db` after drizzle's migrator on the local server; `preamble`: SQL the platform provides first. */
  db?: { preamble?: 'supabase'; findings: Expected[] };
}

/** Returns the number of failed folders. */
export async function replayConformance(root: string, corpus: string): Promise<{ checked: number; failed: number }> {
  const expectations: Record<string, FolderExpectation> = JSON.parse(readFileSync(join(root, 'test/conformance/expectations-replay.json'), 'utf8'));
  let failed = 0;
  let checked = 0;
  for (const name of readdirSync(corpus).sort()) {
    if (!existsSync(join(corpus, name, 'meta/_journal.json'))) continue;
    const expected = expectations[name];
    checked++;
    if (!expected) {
      console.log(`✖ replay ${name}: no expectations recorded`);
      failed++;
      continue;
    }
    const problems: string[] = [];
    const t0 = performance.now();
    const run = driftgate(root, ['verify', '--embedded', '--out', join(corpus, name)]);
    const seconds = ((performance.now() - t0) / 1000).toFixed(1);
    if (run.status === 2 || !run.stdout) problems.push(`driftgate failed (exit ${run.status}): ${run.stderr.trim()}`);
    else {
      const doc = JSON.parse(run.stdout);
      problems.push(...diff(doc.findings.filter(judged).map(key), expected.replay));
      const replay = doc.replays?.[0];
      if (!replay && !expected.skipped) problems.push('not replayed (and no `skipped` reason recorded)');
      if (replay && replay.applied < replay.total) problems.push(`stopped early: applied ${replay.applied}/${replay.total}`);
      if (replay && expected.skipped) problems.push(`replayed although recorded as skipped (${expected.skipped})`);
      if (!problems.length) console.log(`✓ replay ${name}: ${replay ? `${replay.applied}/${replay.total} applied, ${replay.compared} compared` : `skipped (${expected.skipped})`}, ${expected.replay.length} expected finding(s) — ${seconds} s`);
    }
    if (expected.db) problems.push(...(await databaseCheck(root, corpus, name, expected.db)));
    if (problems.length) {
      failed++;
      console.log(`✖ replay ${name}`);
      for (const p of problems) console.log(`    ${p}`);
    }
  }
  return { checked, failed };
}

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A new database on the local server, migrated by drizzle-orm's own migrator, then `verify --db`; always dropped. */
async function databaseCheck(root: string, corpus: string, name: string, db: NonNullable<FolderExpectation['db']>): Promise<string[]> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const database = `dgconf_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${process.pid}`;
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE "${database}"`);
  try {
    const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    try {
      if (db.preamble === 'supabase') {
        const { supabasePreamble } = await import(join(root, 'dist/embedded/preambles/supabase.js'));
        await sql.unsafe(supabasePreamble());
      }
      await migrate(drizzle(sql), { migrationsFolder: join(corpus, name) });
    } catch (error) {
      return [`drizzle's migrator failed on the local server: ${(error as Error).message}`];
    } finally {
      await sql.end();
    }
    const run = driftgate(root, ['verify', '--db', url.toString(), '--out', join(corpus, name)]);
    if (run.status === 2 || !run.stdout) return [`verify --db failed (exit ${run.status}): ${run.stderr.trim()}`];
    const problems = diff(JSON.parse(run.stdout).findings.filter(judged).map(key), db.findings).map((p) => `--db ${p}`);
    if (!problems.length) console.log(`✓ verify --db ${name}: migrated by drizzle-orm on the local server, ${db.findings.length} expected db finding(s)`);
    return problems;
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}
