/** Runs `driftgate check` on every real migration folder of the shared corpora and compares the findings (rule id +
 * tag) with the recorded expectations: drizzle-kit folders in ../shared/corpus (test/conformance/expectations.json,
 * judged with --out) and Supabase CLI projects in ../shared/corpus-supabase (expectations-supabase.json, judged from
 * the project directory as a user runs it). Exit 1 on any difference, 2 when a corpus is missing. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** Where the corpora live: beside the checkout, or DRIFTGATE_SHARED (a worktree elsewhere). */
const shared = process.env.DRIFTGATE_SHARED ?? join(root, '../shared');
const key = (f: { rule: string; tag?: string | null }) => `${f.rule} ${f.tag ?? '-'}`;
const counts = (keys: string[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<string, number>());

interface Corpus {
  dir: string;
  expectations: string;
  /** driftgate's arguments and working directory for one folder of the corpus. */
  run(folder: string): { args: string[]; cwd: string };
}

const corpora: Corpus[] = process.argv[2]
  ? [{ dir: process.argv[2], expectations: 'expectations.json', run: (f) => ({ args: ['--out', f], cwd: root }) }]
  : [
      { dir: join(shared, 'corpus'), expectations: 'expectations.json', run: (f) => ({ args: ['--out', f], cwd: root }) },
      { dir: join(shared, 'corpus-supabase'), expectations: 'expectations-supabase.json', run: (f) => ({ args: [], cwd: f }) },
    ];

let failed = 0;
let checked = 0;
for (const corpus of corpora) {
  if (!existsSync(corpus.dir)) {
    console.error(`conformance: no corpus at ${corpus.dir}`);
    process.exit(2);
  }
  const expectations = JSON.parse(readFileSync(join(root, 'test/conformance', corpus.expectations), 'utf8'));
  for (const name of readdirSync(corpus.dir).sort()) {
    const expected = expectations[name];
    if (!expected) {
      console.log(`✖ ${name}: no expectations recorded`);
      failed++;
      continue;
    }
    const { args, cwd } = corpus.run(join(corpus.dir, name));
    const run = spawnSync(process.execPath, [join(root, 'bin/driftgate.js'), 'check', ...args, '--json', '--no-baseline'], {
      cwd,
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
console.log(`conformance: ${checked - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
