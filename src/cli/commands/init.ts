import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { check } from '../../check.js';
import { toBaseline, writeBaseline } from '../../engine/baseline.js';
import { planInit } from '../../init/init-project.js';
import { Repo } from '../../git/repo.js';
import { activationCommand, hookTools, HUSKY_HOOKS_PATH, runHusky } from '../../init/activation.js';
import type { PackageManager } from '../../init/package-manager.js';
import { baselineWritten, initDone, initDryRun, initHooksActive, initHooksInactive, initHuskyFailed, initNothing, initWouldActivate, initWouldNotActivate } from '../../messages.js';
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
    const tools = hookTools(project.cwd);
    out.write((tools.husky && tools.lintStaged ? initWouldActivate : initWouldNotActivate(activationCommand(plan.packageManager, tools))) + '\n');
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
  const active = await activateHooks(project.cwd, plan.packageManager, out);
  if (args.values.baseline !== undefined) {
    const result = await check(project, { baseline: false });
    const baseline = toBaseline(result.findings);
    await writeBaseline(project.baselinePath, baseline);
    out.write(baselineWritten(relative(project.cwd, project.baselinePath), baseline.entries.length) + '\n');
  }
  out.write((plan.changes.length ? initDone(plan.changes.length, plan.packageManager) : initNothing) + '\n');
  out.write(active.ok ? `${initHooksActive}\n` : `${initHooksInactive(active.command)}\n`);
  return 0;
}

/** Runs husky when the project has it, then asks git whether its hooks now run: init ends with the hooks active, or
 * with the one command that makes them so. */
async function activateHooks(dir: string, pm: PackageManager, out: NodeJS.WriteStream): Promise<{ ok: boolean; command: string }> {
  const tools = hookTools(dir);
  if (tools.husky) {
    const husky = runHusky(dir, tools.husky);
    if (!husky.ok) out.write(initHuskyFailed(husky.output) + '\n');
  }
  let hooksPath: string | undefined;
  try {
    const repo = await Repo.open(dir);
    hooksPath = await repo.hooksPath();
    repo.close();
  } catch {
    hooksPath = undefined; // not a git repository: husky said so above
  }
  const ok = hooksPath === HUSKY_HOOKS_PATH && tools.lintStaged;
  return { ok, command: activationCommand(pm, tools) };
}
