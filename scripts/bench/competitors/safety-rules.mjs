// One bench run: the static rules over a project's folder, judging only its newest migration for safety, then the
// safety rules REPEAT more times on fresh contexts (`with`) or not (`without`). (with − without) ÷ REPEAT is what the
// rules cost per run: repeating lifts a few milliseconds above the noise of process start on a busy machine.
// usage: node safety-rules.mjs <driftgate dist dir> <project dir> with|without
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dist, dir, mode] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(dist, rel)).href);
const { loadProject } = await load('index.js');
const { openFolder } = await load('systems/open-folder.js');
const { createCheckContext } = await load('rules/check-context.js');
const { staticRules } = await load('rules/index.js');
const { runRules } = await load('engine/run-rules.js');

const SAFETY = /^(lock|data|destructive|compat)\//;
const project = await loadProject({ cwd: dir });
const folder = await openFolder(project.targets[0]);
const newest = new Set(folder.migrations.slice(-1).map((m) => m.tag));
const REPEAT = 20;
const safety = { judged: newest, fresh: newest, each: false, postgresVersion: 15 };
const findings = await runRules(staticRules.filter((r) => !SAFETY.test(r.id)), createCheckContext(folder, { safety }), 'bench');
if (mode === 'with') {
  const safetyRules = staticRules.filter((r) => SAFETY.test(r.id));
  for (let i = 0; i < REPEAT; i++) findings.push(...(await runRules(safetyRules, createCheckContext(folder, { safety }), 'bench')));
}
process.stdout.write(`${findings.length} findings\n`);
