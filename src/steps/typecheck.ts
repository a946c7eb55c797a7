import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Project } from '../project.js';
import { runCommand } from './run-command.js';
import type { Step, StepOutcome } from './step.js';

/** Where incremental build info goes, so a second push only re-checks what changed. */
export const BUILD_INFO = 'node_modules/.cache/driftgate/tsbuildinfo.json';

/** The typecheck the project asks for: config `typecheck: "cmd"` runs that command; otherwise the project's own
 * TypeScript (`tsc --noEmit --incremental`) when a tsconfig exists. Null when there is nothing to run. */
export function typecheckCommand(project: Project): { argv?: string[]; shell?: string; describe: string } | null {
  const setting = project.config.typecheck;
  if (setting === false) return null;
  if (typeof setting === 'string') return { shell: setting, describe: setting };
  const tsconfig = resolve(project.cwd, project.config.tsconfig ?? 'tsconfig.json');
  if (!existsSync(tsconfig)) return null;
  let tsc: string;
  try {
    tsc = createRequire(join(project.cwd, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    return { shell: undefined, argv: undefined, describe: 'typescript is not installed' };
  }
  mkdirSync(join(project.cwd, 'node_modules/.cache/driftgate'), { recursive: true });
  return {
    argv: [process.execPath, tsc, '--noEmit', '-p', tsconfig, '--incremental', '--tsBuildInfoFile', join(project.cwd, BUILD_INFO), '--pretty', 'false'],
    describe: `tsc --noEmit -p ${project.config.tsconfig ?? 'tsconfig.json'}`,
  };
}

/** Runs the project's typecheck. Exported for `driftgate verify`. */
export async function runTypecheck(project: Project, signal?: AbortSignal): Promise<StepOutcome> {
  const command = typecheckCommand(project);
  if (!command) return { status: 'skipped', summary: project.config.typecheck === false ? 'off in config' : 'no tsconfig.json' };
  if (!command.argv && !command.shell) return { status: 'warn', summary: 'typescript is not installed in the project' };
  const result = await runCommand(command.argv ?? command.shell!, project.cwd, {}, signal);
  if (result.code === 0) return { status: 'ok' };
  const errors = (result.output.match(/error TS\d+/g) ?? []).length;
  return { status: 'failed', summary: errors ? `${errors} error${errors === 1 ? '' : 's'}` : `exit ${result.code}`, output: `$ ${command.describe}\n${result.output.trimEnd()}` };
}

export function typecheckStep(project: Project): Step {
  return { name: 'typecheck', run: (signal) => runTypecheck(project, signal) };
}
