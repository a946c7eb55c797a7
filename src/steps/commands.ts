import type { Project } from '../project.js';
import { runCommand } from './run-command.js';
import type { Step } from './step.js';

/** The extra commands of driftgate config `commands` (lint, build, test, ...), one step each. */
export function commandSteps(project: Project): Step[] {
  return Object.entries(project.config.commands ?? {})
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string' && entry[1].trim() !== '')
    .map(([name, command]) => ({
      name,
      async run(signal) {
        const result = await runCommand(command, project.cwd, {}, signal);
        return result.code === 0 ? { status: 'ok' } : { status: 'failed', summary: `exit ${result.code}`, output: `$ ${command}\n${result.output.trimEnd()}` };
      },
    }));
}
