/** Prisma Migrate folders: `driftgate verify` with no database (Prisma's engine applies the folder to embedded
 * Postgres, then diffs it with the schema) on real projects' histories, side by side with what a Prisma user runs to
 * learn the same thing — `prisma migrate diff --from-migrations … --to-schema … --shadow-database-url` against the
 * already running local server (the same wasm engine, in-process: the CLI cannot download its native one here). Sizes
 * are whole corpus folders that match their schema: papermark (107 migrations, multi-file schema) and documenso (163). */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchCase } from '../bench-case.js';
import { BUILD } from '../build.js';
import { REPO } from '../folders.js';
import { DRIFTGATE } from './cli.js';
import { ratioTarget } from './targets.js';

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CORPUS = join(REPO, '../shared/corpus-prisma');
const BY_SIZE: Record<number, string> = { 107: 'mfts__papermark', 163: 'documenso__documenso' };
const DIFF = join(REPO, 'scripts/bench/tools/prisma-migrate-diff.mjs');

interface Project {
  dir: string;
  folder: string;
  schemaFiles: string[];
}

function unavailable(): string | undefined {
  if (!existsSync(CORPUS)) return `no corpus at ${CORPUS}`;
  return spawnSync(process.execPath, ['-e', `const p=require('postgres');const s=p(process.argv[1],{max:1,connect_timeout:3});s\`select 1\`.then(()=>s.end(),()=>process.exit(1))`, SERVER], { cwd: REPO }).status === 0
    ? undefined
    : 'no PostgreSQL server (set TEST_DATABASE_URL)';
}

const SKIP = ['--skip', 'schema,typecheck'];

export const prismaReplayCase: BenchCase<Project> = {
  name: 'prisma-replay',
  issue: 'issue 15',
  title: '`driftgate verify` (embedded replay, Prisma\'s engine) of a Prisma folder vs `prisma migrate diff --from-migrations --to-schema` with a shadow database on the local server',
  unit: 'migrations',
  usesHistory: false,
  sizes: { full: [107, 163], smoke: [163] },
  reps: { full: 3, smoke: 2 },
  unavailable,
  async setup(size) {
    const folder = join(CORPUS, BY_SIZE[size]);
    const dir = mkdtempSync(join(tmpdir(), 'dgbench-prisma-'));
    const schema = existsSync(join(folder, 'schema.prisma')) ? join(folder, 'schema.prisma') : join(folder, 'schema');
    // the corpus keeps the schema next to migrations/, outside Prisma's default lookup: package.json points at it
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'bench', private: true, prisma: { schema } }));
    const schemaFiles = schema.endsWith('.prisma') ? [schema] : (readdirSync(schema, { recursive: true }) as string[]).filter((f) => f.endsWith('.prisma')).map((f) => join(schema, f));
    return { ctx: { dir, folder, schemaFiles }, detail: `${size} migrations of ${BY_SIZE[size].replace('__', '/')}` };
  },
  teardown: (p) => rmSync(p.dir, { recursive: true, force: true }),
  competitors: [
    { name: 'driftgate verify (embedded)', command: (p) => ({ cmd: process.execPath, args: [DRIFTGATE, 'verify', '--embedded', ...SKIP], cwd: p.dir, env: { DATABASE_URL: '' } }) },
    {
      name: 'prisma migrate diff (shadow db)',
      command: (p) => ({ cmd: process.execPath, args: [DIFF, join(BUILD, 'dist'), join(p.folder, 'migrations'), SERVER, ...p.schemaFiles], cwd: p.dir }),
      note: 'the same wasm schema engine in-process; the local server (Postgres 15) is already running, its start is not counted',
    },
  ],
  baseline: 'prisma migrate diff (shadow db)',
  targets: [{ ...ratioTarget('issue 15 (open): `driftgate verify` with no database (replay + tracking table + schema diff) ≤ 3× `prisma migrate diff --from-migrations` on an already running local server, at 163 migrations', 'driftgate verify (embedded)', 'prisma migrate diff (shadow db)', 163, 3), gatesSmoke: false }],
};
