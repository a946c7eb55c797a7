// One timed run of an embedded-Postgres bench competitor (plain JS over dist/: no tsx start-up in the numbers).
//   run.mjs cold                     PGlite.create() in memory (initdb in WASM every time), one query, close
//   run.mjs cached                   driftgate's start: copy of the cached initialised data dir, one query, close
//   run.mjs replay <dir> [--no-compare]  start + replay the folder with per-migration snapshot comparison
//   run.mjs push <dir> [--prime|--no-cache]  the pre-push replay (replayTarget) of the folder with the replay cache:
//                                    --prime replays all but the newest migration (caching that state), --no-cache
//                                    replays everything from an empty database
import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';

const REPO = resolve(new URL('../../..', import.meta.url).pathname);
const dist = (p) => import(pathToFileURL(join(REPO, 'dist', p)).href);
const [mode, dir, extra] = process.argv.slice(2);

if (mode === 'cold') {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create();
  await db.query('select 1');
  await db.close();
} else if (mode === 'cached') {
  const { startEmbedded } = await dist('embedded/start-embedded.js');
  const db = await startEmbedded();
  await db.pg.query('select 1');
  await db.close();
} else if (mode === 'replay') {
  const [{ startEmbedded }, { replayFolder }, { loadProjectDrizzle }, { resolveTargets }, { openFolder }] = await Promise.all([
    dist('embedded/start-embedded.js'), dist('systems/drizzle-journal/replay.js'), dist('systems/drizzle-journal/project-drizzle.js'), dist('config/targets.js'), dist('systems/open-folder.js'),
  ]);
  const [target] = await resolveTargets({ cwd: dir });
  const folder = await openFolder(target);
  const db = await startEmbedded();
  try {
    const out = await replayFolder(folder, db.pg, { drizzle: await loadProjectDrizzle(dir), outDir: target.outDir, compare: extra !== '--no-compare' });
    if (out.findings.length || out.applied !== folder.migrations.length) {
      console.error(JSON.stringify(out.findings.slice(0, 3)));
      process.exitCode = 1;
    }
  } finally {
    await db.close();
  }
} else if (mode === 'push') {
  const [{ replayTarget }, { resolveTargets }, { openFolder }] = await Promise.all([dist('embedded/verify-embedded.js'), dist('config/targets.js'), dist('systems/open-folder.js')]);
  const [target] = await resolveTargets({ cwd: dir });
  let folder = await openFolder(target);
  // the history before the push: the folder without its newest migration (as the remote has it)
  if (extra === '--prime') folder = { ...folder, migrations: folder.migrations.slice(0, -1), journal: { ...folder.journal, entries: folder.journal.entries.slice(0, -1) } };
  const out = await replayTarget(target, folder, { fromWorkTree: false, cache: extra !== '--no-cache', projectDir: dir });
  if (out.findings.length) {
    console.error(JSON.stringify(out.findings.slice(0, 3)));
    process.exitCode = 1;
  }
  if (process.env.DRIFTGATE_BENCH_DEBUG) console.error(out.notes.join('\n'));
} else {
  console.error(`unknown mode ${mode}`);
  process.exitCode = 2;
}
