/** Supabase CLI folders: driftgate's commands on a real project's history (hyperlink-academy/leaflet, the corpus
 * folder the plain local server can apply in full), side by side with what a Supabase user would otherwise run on
 * the same folder — `supabase migration list --db-url` to see where a database stands, `supabase migration up
 * --db-url` onto a fresh database to see that the history applies. Sizes are the first N files of the folder. */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from '../bench-case.js';
import { BUILD } from '../build.js';
import { REPO } from '../folders.js';
import { cliHas, DRIFTGATE } from './cli.js';
import { ratioTarget } from './targets.js';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const FOLDER = join(REPO, '../shared/corpus-supabase/hyperlink-academy__leaflet/supabase');
const SUPABASE = join(REPO, 'node_modules/.bin/supabase');
const QUIET = { SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', NO_COLOR: '1' };

interface Project {
  dir: string;
  files: number;
  /** A database the CLI migrated (verify --db, migration list). */
  migrated: { name: string; url: string };
  /** A database recreated empty (with the platform preamble) before each timed `migration up`. */
  fresh: { name: string; url: string };
}

const urlOf = (name: string) => {
  const url = new URL(SERVER);
  url.pathname = `/${name}`;
  return url.toString();
};
const cliUrl = (url: string) => `${url}?sslmode=disable`;

function sql(url: string, text: string): void {
  const r = spawnSync(process.execPath, ['-e', `const p=require('postgres');const s=p(process.argv[1],{max:1,onnotice:()=>{}});s.unsafe(process.argv[2]).then(()=>s.end(),e=>{console.error(e.message);process.exit(1)})`, url, text], { cwd: REPO, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${text.slice(0, 80)}: ${r.stderr}`);
}

/** An empty database with what the Supabase platform provides (roles, auth, storage, extensions schemas). */
function emptyDatabase(name: string): void {
  sql(SERVER, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  sql(SERVER, `CREATE DATABASE "${name}"`);
  const preamble = spawnSync(process.execPath, ['--input-type=module', '-e', `const { supabasePreamble } = await import(process.argv[1]); process.stdout.write(supabasePreamble());`, join(BUILD, 'dist/embedded/preambles/supabase.js')], { encoding: 'utf8' });
  if (preamble.status !== 0) throw new Error(`the Supabase preamble: ${preamble.stderr}`);
  sql(urlOf(name), preamble.stdout);
}

function supabaseUp(dir: string, url: string): void {
  const r = spawnSync(SUPABASE, ['migration', 'up', '--db-url', cliUrl(url)], { cwd: dir, encoding: 'utf8', env: { ...process.env, ...QUIET } });
  if (r.status !== 0) throw new Error(`supabase migration up: ${r.stdout}${r.stderr}`);
}

function unavailable(): string | undefined {
  if (!existsSync(FOLDER)) return `no corpus folder at ${FOLDER}`;
  if (!existsSync(SUPABASE)) return 'the Supabase CLI is not installed (npm ci installs supabase 2.117.0)';
  if (!cliHas('verify', '--db')) return 'driftgate verify --db not available';
  return spawnSync(process.execPath, ['-e', `const p=require('postgres');const s=p(process.argv[1],{max:1,connect_timeout:3});s\`select 1\`.then(()=>s.end(),()=>process.exit(1))`, SERVER], { cwd: REPO }).status === 0
    ? undefined
    : 'no PostgreSQL server (set TEST_DATABASE_URL)';
}

/** A temp project with the first `size` files of the folder, migrated by the real CLI into one database. */
function setupProject(size: number, tag: string): Project {
  const dir = mkdtempSync(join(tmpdir(), `dgbench-supabase-${tag}-`));
  mkdirSync(join(dir, 'supabase/migrations'), { recursive: true });
  const files = readdirSync(join(FOLDER, 'migrations')).filter((f) => f.endsWith('.sql')).sort().slice(0, size);
  for (const f of files) copyFileSync(join(FOLDER, 'migrations', f), join(dir, 'supabase/migrations', f));
  copyFileSync(join(FOLDER, 'config.toml'), join(dir, 'supabase/config.toml'));
  const migrated = { name: `dgbench_supabase_${tag}_${size}_${process.pid}`, url: '' };
  migrated.url = urlOf(migrated.name);
  emptyDatabase(migrated.name);
  supabaseUp(dir, migrated.url);
  const fresh = { name: `${migrated.name}_fresh`, url: urlOf(`${migrated.name}_fresh`) };
  return { dir, files: files.length, migrated, fresh };
}

function teardown(p: Project): void {
  for (const db of [p.migrated, p.fresh]) sql(SERVER, `DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
  rmSync(p.dir, { recursive: true, force: true });
}

const SKIP = ['--skip', 'schema,typecheck'];

/** `driftgate verify --db` on a database the CLI migrated vs `supabase migration list --db-url` on it. */
export const supabaseVerifyDbCase: BenchCase<Project> = {
  name: 'supabase-verify-db',
  issue: 'issue 16',
  title: '`driftgate verify --db URL` on a Supabase folder vs `supabase migration list --db-url`',
  unit: 'migrations',
  usesHistory: false,
  sizes: { full: [25, 97], smoke: [97] },
  reps: { full: 5, smoke: 2 },
  unavailable,
  async setup(size) {
    const p = setupProject(size, 'db');
    return { ctx: p, detail: `${p.files} files of hyperlink-academy/leaflet, applied by supabase migration up` };
  },
  teardown,
  competitors: [
    { name: 'driftgate verify --db', command: (p) => ({ cmd: process.execPath, args: [DRIFTGATE, 'verify', '--db', p.migrated.url, ...SKIP], cwd: p.dir }) },
    { name: 'supabase migration list', command: (p) => ({ cmd: SUPABASE, args: ['migration', 'list', '--db-url', cliUrl(p.migrated.url)], cwd: p.dir, env: QUIET }) },
  ],
  baseline: 'supabase migration list',
  targets: [ratioTarget('issue 16: `driftgate verify --db` (history + edited-after-apply by statements) ≤ 2× `supabase migration list` (history only) at 97 files', 'driftgate verify --db', 'supabase migration list', 97, 2)],
};

/** `driftgate verify` (embedded replay, no database) vs `supabase migration up --db-url` onto a fresh local database. */
export const supabaseReplayCase: BenchCase<Project> = {
  name: 'supabase-replay',
  issue: 'issue 16',
  title: '`driftgate verify` (embedded replay) of a Supabase folder vs `supabase migration up --db-url` to a fresh local database',
  unit: 'migrations',
  usesHistory: false,
  sizes: { full: [25, 97], smoke: [97] },
  reps: { full: 3, smoke: 2 },
  unavailable,
  async setup(size) {
    const p = setupProject(size, 'replay');
    return { ctx: p, detail: `${p.files} files of hyperlink-academy/leaflet` };
  },
  teardown,
  competitors: [
    { name: 'driftgate verify (embedded)', command: (p) => ({ cmd: process.execPath, args: [DRIFTGATE, 'verify', '--embedded', ...SKIP], cwd: p.dir }) },
    {
      name: 'supabase migration up (fresh db)',
      // untimed: a new empty database with the platform preamble, as CI would start from
      before: (p) => emptyDatabase(p.fresh.name),
      command: (p) => ({ cmd: SUPABASE, args: ['migration', 'up', '--db-url', cliUrl(p.fresh.url)], cwd: p.dir, env: QUIET }),
      note: 'the local server (Postgres 15) is already running; its start is not counted',
    },
  ],
  baseline: 'supabase migration up (fresh db)',
  targets: [ratioTarget('issue 16: `driftgate verify` with no database ≤ 3× `supabase migration up` on an already running local server, at 97 files', 'driftgate verify (embedded)', 'supabase migration up (fresh db)', 97, 3)],
};
