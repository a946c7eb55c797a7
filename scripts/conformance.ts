/** Runs `driftgate check` on every real migration folder in ../shared/corpus (drizzle-kit) ../shared/corpus-prisma
 * (Prisma Migrate, `<name>/migrations`) and ../shared/corpus-supabase (Supabase CLI, `<name>/supabase/migrations`) and compares the findings (rule id + tag) with
 * test/conformance/expectations.json, expectations-prisma.json and expectations-supabase.json. Exit 1 on any difference, 2 when a corpus is
 * missing. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { replayConformance } from './conformance/replay.js';
import { incrementalConformance } from './conformance/incremental.js';
import { supabaseConformance } from './conformance/supabase.js';
import { upConformance } from './conformance/up-match.js';
import { prismaConformance } from './conformance/prisma.js';
import { checkSafetyLabels } from './safety-labels.js';

const root = fileURLToPath(new URL('..', import.meta.url));
/** One corpus: where its folders are, their expectations, and the migrations folder inside each. */
const suites = [
  { corpus: process.argv[2] ?? join(root, '../shared/corpus'), expectations: 'expectations.json', folder: '' },
  { corpus: process.argv[3] ?? join(root, '../shared/corpus-prisma'), expectations: 'expectations-prisma.json', folder: 'migrations' },
  { corpus: process.argv[4] ?? join(root, '../shared/corpus-supabase'), expectations: 'expectations-supabase.json', folder: 'supabase/migrations' },
];
for (const { corpus } of suites) {
  if (!existsSync(corpus)) {
    console.error(`conformance: no corpus at ${corpus}`);
    process.exit(2);
  }
}
const key = (f: { rule: string; tag?: string | null }) => `${f.rule} ${f.tag ?? '-'}`;
const counts = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

let failed = 0;
let checked = 0;
for (const suite of suites) {
const expectations = JSON.parse(readFileSync(join(root, 'test/conformance', suite.expectations), 'utf8'));
const corpus = suite.corpus;
for (const name of readdirSync(corpus).sort()) {
  const expected = expectations[name];
  if (!expected) {
    console.log(`✖ ${name}: no expectations recorded`);
    failed++;
    continue;
  }
  const run = spawnSync(process.execPath, [join(root, 'bin/driftgate.js'), 'check', '--out', join(corpus, name, suite.folder), '--json', '--no-baseline'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (run.status === 2 || !run.stdout) {
    console.log(`✖ ${name}: driftgate failed (exit ${run.status}): ${run.stderr.trim()}`);
    failed++;
    continue;
  }
  const actual = counts(JSON.parse(run.stdout).findings.map(key));
  const wanted = counts(expected.findings.map(key));
  const missing = [...wanted].filter(([k, n]) => (actual.get(k) ?? 0) < n).map(([k]) => k);
  const extra = [...actual].filter(([k, n]) => (wanted.get(k) ?? 0) < n).map(([k]) => k);
  const wantExit = expected.findings.length === 0 ? 0 : null;
  checked++;
  if (missing.length || extra.length || (wantExit !== null && run.status !== wantExit)) {
    failed++;
    console.log(`✖ ${name}`);
    for (const k of missing) console.log(`    missing: ${k}`);
    for (const k of extra) console.log(`    unexpected: ${k}`);
  } else {
    console.log(`✓ ${name}: ${expected.findings.length} expected finding(s), exit ${run.status}`);
  }
}
}
failed += checkSafetyLabels(root, suites[0].corpus) ? 1 : 0;
// the drizzle corpus replayed (embedded) and, where recorded, migrated for real and verified with --db
const replay = await replayConformance(root, suites[0].corpus);
checked += replay.checked;
failed += replay.failed;
// the same folders through the pre-push replay's cache: the push of the newest migration on top of the rest
const replayExpectations: Record<string, { skipped?: string }> = JSON.parse(readFileSync(join(root, 'test/conformance/expectations-replay.json'), 'utf8'));
const noReplay = Object.entries(replayExpectations).filter(([, e]) => e.skipped);
const incremental = await incrementalConformance(root, suites[0].corpus, new Set(noReplay.map(([name]) => name)));
checked += incremental.checked;
failed += incremental.failed;
// the Prisma corpus replayed (embedded, Prisma's engine applying), and applied by the engine then verified with --db
const prisma = await prismaConformance(root, suites[1].corpus, readdirSync(suites[1].corpus).sort());
checked += prisma.checked;
failed += prisma.failed;
// the Supabase corpus replayed (embedded), and applied by the real Supabase CLI then verified with --db
const supabase = await supabaseConformance(root, suites[2].corpus, readdirSync(suites[2].corpus).sort());
checked += supabase.checked;
failed += supabase.failed;
// the upgrade preview against the real drizzle-kit 1.0 `up`, folder by folder
const up = await upConformance(root, suites[0].corpus);
checked += up.checked;
failed += up.failed;
console.log(`conformance: ${checked - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
