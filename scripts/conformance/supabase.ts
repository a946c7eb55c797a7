/** The replay and database part of `npm run conformance` for ../shared/corpus-supabase: `driftgate verify` (embedded)
 * on every project must replay to its last file with exactly the replay findings of the folder's `replay` entry in
 * test/conformance/expectations-supabase.json; then the real Supabase CLI (`migration up --db-url`) applies the
 * folder to a new database on the local Postgres (after the Supabase platform preamble: roles, auth, storage) and
 * `verify --db` must report exactly the findings of its `db` entry. Where the plain local server lacks an extension
 * the platform has, the CLI stops there: `db.cliStopsAt` names the file and why, and verify --db judges the rest. */
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { diff, driftgate, judged, key, type Expected } from './findings.js';

interface SupabaseExpectation {
  replay?: Expected[];
  /** Statements the replay skips because they use what a stand-in extension lacks, by extension. */
  skipped?: Record<string, number>;
  db?: {
    /** The file `supabase migration up` fails on against the plain local server, and why (its error). */
    cliStopsAt?: { file: string; why: string };
    /** Why the CLI runs without the project's config.toml (it refuses to load it as the corpus keeps it). */
    withoutConfig?: string;
    /** How many files the CLI applied (recorded in supabase_migrations.schema_migrations). */
    applied: number;
    findings: Expected[];
  };
}

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const run = promisify(execFile);

export async function supabaseConformance(root: string, corpus: string, names: string[]): Promise<{ checked: number; failed: number }> {
  const { readFileSync } = await import('node:fs');
  const expectations: Record<string, SupabaseExpectation> = JSON.parse(readFileSync(join(root, 'test/conformance/expectations-supabase.json'), 'utf8'));
  let checked = 0;
  let failed = 0;
  for (const name of names) {
    const expected = expectations[name];
    const problems: string[] = [];
    checked++;
    if (!expected?.replay || !expected.db) {
      console.log(`✖ supabase ${name}: no replay/db expectations recorded`);
      failed++;
      continue;
    }
    problems.push(...replayCheck(root, join(corpus, name), name, expected.replay, expected.skipped ?? {}));
    problems.push(...(await databaseCheck(root, join(corpus, name), name, expected.db)));
    if (problems.length) {
      failed++;
      console.log(`✖ supabase ${name}`);
      for (const p of problems) console.log(`    ${p}`);
    }
  }
  return { checked, failed };
}

/** Per extension, the statements its replay/unsupported finding says were skipped. */
function skippedCounts(findings: { rule: string; key?: string; message: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of findings) {
    const count = f.rule === 'replay/unsupported' && /: (\d+) statements? that uses? it (?:was|were) skipped/.exec(f.message);
    if (count) out[f.key!.replace(/^extension:/, '')] = Number(count[1]);
  }
  return out;
}

function replayCheck(root: string, project: string, name: string, expected: Expected[], skipped: Record<string, number>): string[] {
  const t0 = performance.now();
  const result = driftgate(root, ['verify', '--embedded', '--out', join(project, 'supabase/migrations')]);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (result.status === 2 || !result.stdout) return [`verify failed (exit ${result.status}): ${result.stderr.trim()}`];
  const doc = JSON.parse(result.stdout);
  const problems = diff(doc.findings.filter(judged).map(key), expected);
  const sorted = (r: Record<string, number>) => JSON.stringify(Object.entries(r).sort());
  const counted = skippedCounts(doc.findings);
  if (sorted(counted) !== sorted(skipped)) problems.push(`skipped statements ${JSON.stringify(counted)}, expected ${JSON.stringify(skipped)}`);
  const replay = doc.replays?.[0];
  if (!replay) problems.push('not replayed');
  else if (replay.applied < replay.total) problems.push(`stopped early: applied ${replay.applied}/${replay.total}`);
  if (!problems.length) console.log(`✓ replay ${name}: ${replay.applied}/${replay.total} applied, ${expected.length} expected finding(s) — ${seconds} s`);
  return problems;
}

/** A new database on the local server, the Supabase preamble, the real CLI's `migration up`, then `verify --db`. The
 * CLI runs on a temporary copy of the project (it writes supabase/.temp; the corpus is read-only). Always dropped. */
async function databaseCheck(root: string, project: string, name: string, db: NonNullable<SupabaseExpectation['db']>): Promise<string[]> {
  const { default: postgres } = await import('postgres');
  const database = `dgconf_supabase_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${process.pid}`;
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE "${database}"`);
  const work = mkdtempSync(join(tmpdir(), 'dg-conformance-supabase-'));
  try {
    const sql = postgres(url.toString(), { max: 1, onnotice: () => undefined });
    try {
      const { supabasePreamble } = await import(join(root, 'dist/embedded/preambles/supabase.js'));
      await sql.unsafe(supabasePreamble());
    } finally {
      await sql.end();
    }
    cpSync(join(project, 'supabase', 'migrations'), join(work, 'supabase', 'migrations'), { recursive: true });
    if (!db.withoutConfig) cpSync(join(project, 'supabase', 'config.toml'), join(work, 'supabase', 'config.toml'));
    const cli = await run(join(root, 'node_modules/.bin/supabase'), ['migration', 'up', '--db-url', `${url}?sslmode=disable`], {
      cwd: work,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    }).then(() => ({ ok: true, output: '' }), (error: { stdout?: string; stderr?: string }) => ({ ok: false, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }));
    const problems: string[] = [];
    if (cli.ok && db.cliStopsAt) problems.push(`the CLI applied everything, although recorded as stopping at ${db.cliStopsAt.file}`);
    if (!cli.ok && !db.cliStopsAt) return [`supabase migration up failed on the local server: ${cli.output.trim().split('\n').slice(-3).join(' | ')}`];
    if (!cli.ok && db.cliStopsAt && !cli.output.includes(db.cliStopsAt.file)) problems.push(`the CLI stopped elsewhere than ${db.cliStopsAt.file}: ${cli.output.trim().split('\n').slice(-3).join(' | ')}`);
    const result = driftgate(root, ['verify', '--db', url.toString(), '--out', join(project, 'supabase/migrations')]);
    if (result.status === 2 || !result.stdout) return [...problems, `verify --db failed (exit ${result.status}): ${result.stderr.trim()}`];
    const doc = JSON.parse(result.stdout);
    problems.push(...diff(doc.findings.filter(judged).map(key), db.findings).map((p) => `--db ${p}`));
    const applied = await countApplied(url.toString());
    if (applied !== db.applied) problems.push(`the CLI recorded ${applied} file(s), expected ${db.applied}`);
    if (!problems.length) {
      const stop = db.cliStopsAt ? `, the CLI stopping at ${db.cliStopsAt.file}` : '';
      console.log(`✓ verify --db ${name}: ${applied} file(s) applied by supabase migration up on the local server${stop}, ${db.findings.length} expected db finding(s)`);
    }
    return problems;
  } finally {
    rmSync(work, { recursive: true, force: true });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}

async function countApplied(url: string): Promise<number> {
  const { default: postgres } = await import('postgres');
  const sql = postgres(url, { max: 1, onnotice: () => undefined });
  try {
    const rows = await sql`SELECT count(*)::int AS n FROM supabase_migrations.schema_migrations`;
    return rows[0].n as number;
  } catch {
    return 0;
  } finally {
    await sql.end();
  }
}
