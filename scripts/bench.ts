/**
 * `npm run bench` / `npm run bench:smoke`: every registered case, competitors side by side, medians and ratios,
 * targets with pass/fail; the full run writes bench/results.md and one SVG chart per case.
 *   --smoke        small sizes, for CI: exits 1 when a ratio target is broken by more than 2× (or a run fails)
 *   --case NAME    only this case (repeatable)
 *   --large        also the large sizes (3,000 migrations: +4 min of generation, ~6 GB of cache)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sizesOf, type CaseResult, type Mode } from './bench/bench-case.js';
import { buildDriftgate } from './bench/build.js';
import { CASES } from './bench/cases/index.js';
import { CACHE, planHistory, REPO } from './bench/folders.js';
import { describeMachine } from './bench/machine.js';
import { runCase } from './bench/run-case.js';
import { resultsMarkdown } from './bench/write-markdown.js';
import { timeChartSvg } from './bench/write-svg.js';

const SMOKE_FAILS_OVER = 2;

const { values } = parseArgs({ options: { smoke: { type: 'boolean' }, large: { type: 'boolean' }, case: { type: 'string', multiple: true } } });
const mode: Mode = values.smoke ? 'smoke' : 'full';
const started = performance.now();
const log = (line: string) => console.log(`[bench] ${line}`);

// The cases spawn a built cli: the bench's own copy (the full run compiles src/ fresh; smoke reuses dist/).
buildDriftgate({ fromDist: mode === 'smoke', log });

const selected = CASES.filter((c) => !values.case || values.case.includes(c.name));
const large = !!values.large;
planHistory(selected.filter((c) => c.usesHistory !== false).flatMap((c) => sizesOf(c, mode, large)));
const results: CaseResult[] = [];
for (const bench of selected) results.push(await runCase(bench, mode, log, large));

const totalSeconds = (performance.now() - started) / 1000;
const charts: Record<string, string> = {};
const outDir = mode === 'full' ? join(REPO, 'bench') : join(CACHE, 'smoke');
mkdirSync(outDir, { recursive: true });
for (const r of results) {
  if (r.skipped || r.sizes.length === 0) continue;
  charts[r.bench.name] = `${r.bench.name}.svg`;
  writeFileSync(join(outDir, `${r.bench.name}.svg`), timeChartSvg(r));
}
const markdown = resultsMarkdown(results, { mode, large, machine: describeMachine(), date: new Date().toISOString().slice(0, 16).replace('T', ' '), totalSeconds, charts });
writeFileSync(join(outDir, 'results.md'), markdown);

console.log('');
for (const r of results) {
  if (r.skipped) console.log(`skipped: ${r.bench.name}: ${r.skipped}`);
  for (const { target, result } of r.targets) console.log(`${result.status.padEnd(4)}  ${target.description}: ${result.actual}`);
}
log(`wrote ${join(outDir, 'results.md')} in ${totalSeconds.toFixed(0)} s`);

const errors = results.flatMap((r) => r.sizes.flatMap((s) => s.competitors.filter((c) => c.error).map((c) => `${r.bench.name} @ ${s.size}: ${c.name}: ${c.error}`)));
const broken = results.flatMap((r) => r.targets.filter((t) => t.target.gatesSmoke && (t.result.overLimit ?? 0) > SMOKE_FAILS_OVER).map((t) => `${t.target.description}: ${t.result.actual}`));
for (const e of errors) console.error(`error: ${e}`);
if (mode === 'smoke') for (const b of broken) console.error(`target broken by more than ${SMOKE_FAILS_OVER}×: ${b}`);
// Every registered case is one that should run: a case that cannot (a missing tool, database or feature) is a failed
// smoke run, never a silent skip.
const cannotRun = results.filter((r) => r.skipped).map((r) => `${r.bench.name}: ${r.skipped}`);
for (const c of cannotRun) console.error(`${mode === 'smoke' ? 'error' : 'warning'}: a case that should run could not: ${c}`);
process.exitCode = errors.length || (mode === 'smoke' && (broken.length || cannotRun.length)) ? 1 : 0;
