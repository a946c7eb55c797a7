import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { check } from '../../check.js';
import { toBaseline, writeBaseline } from '../../engine/baseline.js';
import { planInit } from '../../init/init-project.js';
import { baselineWritten, initDone, initDryRun, initHuskyFailed, initHuskyMissing, initNothing } from '../../messages.js';
import type { CliArgs } from '../args.js';
import { projectFromArgs } from '../load-project.js';

/** `driftgate init [--dry-run] [--baseline]`: wires husky + lint-staged into the project. */
export async function run(args: CliArgs): Promise<number> {
  const project = await projectFromArgs({ ...args, values: { ...args.values, baseline: args.values.baseline || undefined } });
  const plan = planInit(project);
  const out = process.stdout;
  const dry = args.values['dry-run'] === true;
  for (const change of plan.changes) out.write(`${dry ? 'would ' : ''}${change.action}\n`);
  for (const note of plan.notes) out.write(`note: ${note}\n`);
  if (dry) {
    out.write(initDryRun(plan.changes.length) + '\n');
    return 0;
  }
  for (const change of plan.changes) {
    if (change.content === undefined) continue;
    const path = join(project.cwd, change.file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, change.content);
    if (change.file.startsWith('.husky/')) chmodSync(path, 0o755);
  }
  // Activate the hooks now (the prepare script does it on the next install).
  let husky: string | undefined;
  try {
    husky = join(dirname(createRequire(join(project.cwd, 'package.json')).resolve('husky')), 'bin.js');
  } catch {
    out.write(initHuskyMissing(plan.packageManager) + '\n');
  }
  if (husky) {
    const r = spawnSync(process.execPath, [husky], { cwd: project.cwd, encoding: 'utf8' });
    if (r.status !== 0) out.write(initHuskyFailed(`${r.stdout ?? ''}${r.stderr ?? ''}`.trim()) + '\n');
  }
  if (args.values.baseline !== undefined) {
    const result = await check(project, { baseline: false });
    const baseline = toBaseline(result.findings);
    await writeBaseline(project.baselinePath, baseline);
    out.write(baselineWritten(relative(project.cwd, project.baselinePath), baseline.entries.length) + '\n');
  }
  out.write((plan.changes.length ? initDone(plan.changes.length, plan.packageManager) : initNothing) + '\n');
  return 0;
}
