import { join } from 'node:path';
import type { BenchCase, Target } from '../bench-case.js';
import { BUILD } from '../build.js';
import { benchProject, REPO, type BenchProject } from '../folders.js';
import { cliHas } from './cli.js';

const SCRIPT = join(REPO, 'scripts/bench/competitors/safety-rules.mjs');
const DIST = join(BUILD, 'dist');
const WITH = 'static + 20× safety rules';
/** How often the `with` run repeats the safety rules (competitors/safety-rules.mjs). */
const REPEAT = 20;
const WITHOUT = 'static rules only';

/** issue 14: what the safety rules cost on a run that judges one new migration (the newest of the history): the
 * same process without them and with them repeated 20 times, side by side; the difference ÷ 20 is their cost. */
export const safetyCase: BenchCase<BenchProject> = {
  name: 'safety',
  issue: 'issue 14',
  title: 'safety rules on one new migration: static rules alone vs followed by the safety rules 20 times',
  unit: 'migrations',
  sizes: { full: [10, 300, 1000], smoke: [300] },
  reps: { full: 7, smoke: 3 },
  unavailable: () => (cliHas('check', '--since') ? undefined : 'the safety rules have not landed'),
  async setup(size) {
    const project = await benchProject(size, (l) => console.log(`[bench] ${l}`));
    return { ctx: project, detail: `${project.tables} tables` };
  },
  competitors: [
    { name: WITH, command: (p) => ({ cmd: process.execPath, args: [SCRIPT, DIST, p.dir, 'with'], cwd: p.dir }) },
    { name: WITHOUT, command: (p) => ({ cmd: process.execPath, args: [SCRIPT, DIST, p.dir, 'without'], cwd: p.dir }) },
  ],
  baseline: WITHOUT,
  targets: [costTarget('issue 14: the safety rules take ≤ 50 ms for one new migration ((median with − without) ÷ 20, 300 migrations)', 300, 50)] satisfies Target[],
};

/** (median(with) − median(without)) ÷ REPEAT ≤ limitMs at `size` (or the largest measured size below it in smoke mode). */
function costTarget(description: string, size: number, limitMs: number): Target {
  return {
    description,
    gatesSmoke: false,
    evaluate(sizes) {
      const s = sizes.find((x) => x.size === size) ?? [...sizes].filter((x) => x.size <= size).sort((a, b) => b.size - a.size)[0];
      const a = s?.competitors.find((c) => c.name === WITH)?.medianMs;
      const b = s?.competitors.find((c) => c.name === WITHOUT)?.medianMs;
      if (!s || a === undefined || b === undefined) return { status: 'n/a', actual: 'not measured' };
      const cost = Math.max(0, a - b) / REPEAT;
      return { status: cost <= limitMs ? 'pass' : 'fail', actual: `${cost.toFixed(1)} ms at ${s.size}`, overLimit: cost / limitMs };
    },
  };
}
