/** The replay and database part of `npm run conformance` for ../shared/corpus-prisma. Each folder is judged as a
 * Prisma project (a temporary directory whose package.json points `prisma.schema` at the corpus schema — the corpus
 * keeps `schema.prisma` or `schema/` next to `migrations/`, where Prisma's default lookup does not look):
 * `driftgate verify` (embedded) must replay every migration with exactly the `replay` findings of
 * test/conformance/expectations-prisma.json; then Prisma's own schema engine (`applyMigrations`, what `prisma migrate
 * deploy` runs) applies the folder to a new database on the local Postgres and `verify --db` must report exactly the
 * `db` findings. A replay that stops early, or an engine that cannot apply the folder, is a failure. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diff, judged, key, type Expected } from './findings.js';

interface PrismaExpectation {
  replay?: Expected[];
  db?: { findings: Expected[] };
}

const SERVER = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A throwaway project directory for one corpus folder. */
function projectFor(folder: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dg-conformance-prisma-'));
  const schema = existsSync(join(folder, 'schema.prisma')) ? join(folder, 'schema.prisma') : join(folder, 'schema');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'conformance', private: true, prisma: { schema } }));
  return dir;
}

function driftgate(root: string, cwd: string, args: string[]) {
  return spawnSync(process.execPath, [join(root, 'bin/driftgate.js'), ...args, '--json', '--no-baseline', '--skip', 'schema,typecheck'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', DATABASE_URL: '' },
    maxBuffer: 64 * 1024 * 1024,
  });
}

export async function prismaConformance(root: string, corpus: string, names: string[]): Promise<{ checked: number; failed: number }> {
  const expectations: Record<string, PrismaExpectation> = JSON.parse(readFileSync(join(root, 'test/conformance/expectations-prisma.json'), 'utf8'));
  let checked = 0;
  let failed = 0;
  for (const name of names) {
    const expected = expectations[name];
    checked++;
    if (!expected?.replay || !expected.db) {
      console.log(`✖ prisma ${name}: no replay/db expectations recorded`);
      failed++;
      continue;
    }
    const project = projectFor(join(corpus, name));
    try {
      const problems = [...replayCheck(root, project, name, expected.replay), ...(await databaseCheck(root, project, join(corpus, name), name, expected.db.findings))];
      if (problems.length) {
        failed++;
        console.log(`✖ prisma ${name}`);
        for (const p of problems) console.log(`    ${p}`);
      }
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  }
  return { checked, failed };
}

function replayCheck(root: string, project: string, name: string, expected: Expected[]): string[] {
  const t0 = performance.now();
  const result = driftgate(root, project, ['verify', '--embedded']);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (result.status === 2 || !result.stdout) return [`verify failed (exit ${result.status}): ${result.stderr.trim()}`];
  const doc = JSON.parse(result.stdout);
  const problems = diff(doc.findings.filter(judged).map(key), expected);
  const replay = doc.replays?.[0];
  if (!replay) problems.push('not replayed');
  else if (replay.applied < replay.total) problems.push(`stopped early: applied ${replay.applied}/${replay.total}`);
  else if (replay.compared !== 1) problems.push('the replayed database was not compared with the schema');
  if (!problems.length) console.log(`✓ prisma replay ${name}: ${replay.applied}/${replay.total} applied by Prisma's engine, compared with the schema, ${expected.length} expected finding(s) — ${seconds} s`);
  return problems;
}

/** A new database on the local server, every migration applied by Prisma's schema engine, then `verify --db`. */
async function databaseCheck(root: string, project: string, folder: string, name: string, expected: Expected[]): Promise<string[]> {
  const { default: postgres } = await import('postgres');
  const dist = (path: string) => import(join(root, 'dist', path));
  const [{ withSchemaEngine, migrationList, NO_FILTER, readSchemaFiles }, { loadPrismaFolder }, { fsSource }, { discoverPrisma }] = await Promise.all([
    dist('systems/prisma/engine/engine-session.js'), dist('systems/prisma/load-folder.js'), dist('folder/fs-source.js'), dist('systems/prisma/discover.js'),
  ]);
  const database = `dgconf_prisma_${name.toLowerCase().replace(/[^a-z0-9]+/g, '_')}_${process.pid}`;
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const admin = postgres(SERVER, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE "${database}"`);
  try {
    const layout = discoverPrisma(project);
    const migrations = join(folder, 'migrations');
    const list = await migrationList(await loadPrismaFolder(fsSource(migrations), 'migrations'), migrations);
    const schema = await readSchemaFiles(project, layout.schemaFiles);
    const applied = await withSchemaEngine({ projectDir: root, url: url.toString(), schema }, async (engine: { applyMigrations(i: unknown): Promise<{ appliedMigrationNames: string[] }> }) =>
      engine.applyMigrations({ migrationsList: list, filters: NO_FILTER }).then((r) => r.appliedMigrationNames.length, (error: Error) => error));
    if (applied instanceof Error) return [`Prisma's engine could not apply the folder on the local server: ${applied.message.split('\n').slice(0, 6).join(' | ')}`];
    if (applied !== list.migrationDirectories.length) return [`Prisma's engine applied ${applied}/${list.migrationDirectories.length} migrations`];
    const result = driftgate(root, project, ['verify', '--db', url.toString()]);
    if (result.status === 2 || !result.stdout) return [`verify --db failed (exit ${result.status}): ${result.stderr.trim()}`];
    const problems = diff(JSON.parse(result.stdout).findings.filter(judged).map(key), expected).map((p) => `--db ${p}`);
    if (!problems.length) console.log(`✓ prisma verify --db ${name}: ${applied} migrations applied by Prisma's engine on the local server, ${expected.length} expected db finding(s)`);
    return problems;
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.end();
  }
}
