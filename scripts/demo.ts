/**
 * `npm start`: driftgate on the two example projects, with no database server anywhere — the database checks run
 * on embedded Postgres (PGlite, in this process). Exit 0 when the demo showed what it promises: the healthy project
 * passes, and every defect of seed 000 is caught; 1 otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Chalk } from 'chalk';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/driftgate.js');
const HEALTHY = 'examples/assessments-healthy';
const SEED = 'examples/assessments-seed-000';
const c = new Chalk({ level: process.stdout.isTTY && !process.env.NO_COLOR ? 1 : 0 });

interface Shown {
  code: number;
  rules: Set<string>;
}

function ensureBuilt(): void {
  if (existsSync(join(ROOT, 'dist/bundle/index.js'))) return;
  console.log(c.dim('(building dist/ first: npm run build)'));
  const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0 && !existsSync(join(ROOT, 'dist/bundle/index.js'))) {
    console.error('cannot build driftgate; run npm ci first');
    process.exit(2);
  }
}

/** Runs the real CLI the way a user would, shows its output indented, and collects the rule ids it reported. */
function driftgate(cwd: string, args: string[]): Shown {
  console.log(c.cyan(`  $ cd ${cwd} && driftgate ${args.join(' ')}`));
  const env = { ...process.env, DATABASE_URL: '', FORCE_COLOR: c.level ? '1' : '0' };
  const shown = spawnSync(process.execPath, [BIN, ...args], { cwd: join(ROOT, cwd), env, encoding: 'utf8' });
  const text = (shown.stdout + shown.stderr).trimEnd();
  console.log(text.split('\n').map((l) => `    ${l}`).join('\n'));
  // rule ids end each finding line of the pretty report
  const rules = new Set([...text.replace(/\x1b\[[0-9;]*m/g, '').matchAll(/\s((?:journal|snapshot|sql|replay|db|identifier|schema)\/[a-z-]+)$/gm)].map((m) => m[1]));
  console.log(c.dim(`    (exit ${shown.status})`));
  return { code: shown.status ?? 2, rules };
}

async function productionLike(): Promise<Shown> {
  const [{ loadProject }, { openFolder }, { startEmbedded }, { deployHistory }, { loadProjectDrizzle }, { verifyDatabase }, { pgliteSqlClient }] = await Promise.all([
    import('../src/project.js'),
    import('../src/systems/open-folder.js'),
    import('../src/embedded/start-embedded.js'),
    import('../src/systems/drizzle-journal/deploy-history.js'),
    import('../src/systems/drizzle-journal/project-drizzle.js'),
    import('../src/systems/drizzle-journal/verify-database.js'),
    import('../src/embedded/pglite-sql-client.js'),
  ]);
  const project = await loadProject({ cwd: join(ROOT, SEED) });
  const target = project.targets[0];
  const folder = await openFolder(target);
  const db = await startEmbedded();
  try {
    const drizzle = await loadProjectDrizzle(target.root);
    const history = await deployHistory(folder, db.pg, { drizzle, outDir: target.outDir });
    console.log(`    deployed one migration at a time with ${history.via}:`);
    for (const d of history.deploys) console.log(`      ${d.applied ? c.green('applied') : c.red('SKIPPED')}  ${d.tag}${d.applied ? '' : c.red('   ← migrate printed success; the SQL never ran')}`);
    console.log(c.cyan(`  $ driftgate verify --db <that database>`));
    const verdict = await verifyDatabase(pgliteSqlClient(db.pg), folder);
    for (const f of verdict.findings) {
      console.log(`    ${c.red('✖')} ${f.tag ? `${f.tag}: ` : ''}${f.message}  ${c.dim(f.rule)}`);
      if (f.fix) console.log(`      ${c.green('fix:')} ${f.fix}`);
    }
    return { code: verdict.findings.length ? 1 : 0, rules: new Set(verdict.findings.map((f) => f.rule)) };
  } finally {
    await db.close();
  }
}

function expect(what: string, ok: boolean, results: { what: string; ok: boolean }[]): void {
  results.push({ what, ok });
}

async function main(): Promise<number> {
  ensureBuilt();
  const results: { what: string; ok: boolean }[] = [];
  console.log(c.bold('driftgate demo') + ' — no database server: the database checks run on embedded Postgres (PGlite) in-process.');
  console.log(c.dim('The first run initialises and caches an embedded data directory (a few seconds, once).\n'));

  console.log(c.bold(`1. A healthy project (${HEALTHY}): 11 migrations, all made by drizzle-kit`));
  const healthy = driftgate(HEALTHY, ['verify']);
  expect('the healthy project passes driftgate verify (exit 0)', healthy.code === 0, results);

  console.log('\n' + c.bold(`2. Seed 000 (${SEED}): the same app as it went wrong`));
  console.log('   0008_add_overrides.sql was edited by hand (override_by moved into the hand-written 0009), and');
  console.log("   0009_assessment-overrides.sql got a journal `when` a year too early.");
  const check = driftgate(SEED, ['check']);
  expect('driftgate check (static, no database) catches the early `when`: journal/when-order', check.code === 1 && check.rules.has('journal/when-order'), results);
  const seed = driftgate(SEED, ['verify']);
  expect('driftgate verify replays every migration and names 0008 as the one not producing its snapshot: replay/diverges', seed.code === 1 && seed.rules.has('replay/diverges'), results);

  console.log('\n' + c.bold('3. Seed 000 on a production-like database: each migration deployed on its own, as production got them'));
  const prod = await productionLike();
  expect("the production-like database shows what drizzle's migrator did silently: db/skipped-migration", prod.rules.has('db/skipped-migration'), results);

  console.log('\n' + c.bold('What this demonstrated'));
  for (const r of results) console.log(`  ${r.ok ? c.green('✓') : c.red('✗')} ${r.what}`);
  const ok = results.every((r) => r.ok);
  console.log(
    ok
      ? c.green('\nDemo passed (exit 0): the healthy project passed, every seed-000 defect was caught — without any database server.')
      : c.red('\nDemo FAILED (exit 1): an expectation above did not hold.'),
  );
  console.log(c.dim('Next: in your project, npm i -D driftgate husky lint-staged; npx driftgate init; npx driftgate check'));
  return ok ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`demo failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 2;
  },
);
