import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import type { BenchCase } from '../bench-case.js';
import { REPO } from '../folders.js';
import { wideProject, type WideProject } from '../wide-schema.js';
import { cliHas, DRIFTGATE } from './cli.js';
import { growthTarget, wallTarget } from './targets.js';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const COMPETITORS = join(REPO, 'scripts/bench/competitors');

interface Db {
  project: WideProject;
  url: string;
  name: string;
}

function node(args: string[], cwd = REPO) {
  return spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

function psql(sql: string): void {
  const r = node(['-e', `const p=require('postgres');const s=p(process.argv[1],{max:1,onnotice:()=>{}});s.unsafe(process.argv[2]).then(()=>s.end(),e=>{console.error(e.message);process.exit(1)})`, SERVER, sql]);
  if (r.status !== 0) throw new Error(`${sql}: ${r.stderr}`);
}

function serverUp(): boolean {
  return node(['-e', `const p=require('postgres');const s=p(process.argv[1],{max:1,connect_timeout:3});s\`select 1\`.then(()=>s.end(),()=>process.exit(1))`, SERVER]).status === 0;
}

/** issue 4: `driftgate verify --db` on a migrated database, against the seed's one information_schema.columns query. */
export const verifyDbCase: BenchCase<Db> = {
  name: 'verify-db',
  issue: 'issue 4',
  title: '`driftgate verify --db URL` vs one `information_schema.columns` query',
  unit: 'tables',
  usesHistory: false,
  sizes: { full: [100, 1000], smoke: [100] },
  largeSizes: [3000],
  reps: { full: 5, smoke: 2 },
  unavailable() {
    if (!cliHas('verify', '--db')) return 'driftgate verify --db not available';
    if (!serverUp()) return `no PostgreSQL at ${SERVER.replace(/:[^:@/]*@/, ':***@')} (set TEST_DATABASE_URL)`;
    return undefined;
  },
  async setup(size) {
    const project = await wideProject(size, (l) => console.log(`[bench] ${l}`));
    const name = `dgbench_verify_${size}_${process.pid}`;
    psql(`DROP DATABASE IF EXISTS "${name}"`);
    psql(`CREATE DATABASE "${name}"`);
    const url = new URL(SERVER);
    url.pathname = `/${name}`;
    // drizzle-orm's real migrator, one migration (250 tables) per transaction, as the project would have applied them
    const applied = node([join(COMPETITORS, 'drizzle-migrate-each.mjs'), url.toString(), project.folder]);
    if (applied.status !== 0) throw new Error(`migrating the bench database failed: ${applied.stderr}`);
    return { ctx: { project, url: url.toString(), name }, detail: `${project.migrations} migration${project.migrations === 1 ? '' : 's'}` };
  },
  teardown(db) {
    psql(`DROP DATABASE IF EXISTS "${db.name}" WITH (FORCE)`);
  },
  competitors: [
    { name: 'driftgate verify --db', command: (db) => ({ cmd: process.execPath, args: [DRIFTGATE, 'verify', '--db', db.url, '--skip', 'schema,typecheck'], cwd: db.project.dir }) },
    { name: 'seed: information_schema.columns', command: (db) => ({ cmd: process.execPath, args: [join(COMPETITORS, 'seed-columns-check.mjs'), db.url, db.project.folder], cwd: REPO }) },
  ],
  baseline: 'seed: information_schema.columns',
  targets: [
    wallTarget('issue 4: `driftgate verify --db` of 1,000 tables ≤ 0.5 s wall end to end', 'driftgate verify --db', 1000, 500),
    growthTarget('issue 4: `driftgate verify --db` cost linear in tables (exponent ≤ 1.15 between the two largest sizes)', 'driftgate verify --db', 1.15),
  ],
};
