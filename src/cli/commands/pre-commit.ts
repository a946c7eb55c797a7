import { preCommit, startEarlyGenerators } from '../../hooks/pre-commit.js';
import type { CliArgs } from '../args.js';
import { projectDir, projectFromArgs } from '../load-project.js';
import { report } from '../output.js';

/** `driftgate pre-commit [files...]`: lint-staged passes the staged files; without files, every folder is judged. */
export async function run(args: CliArgs): Promise<number> {
  const files = args.positionals.length ? args.positionals : undefined;
  // Files given: something to judge is staged, so start the generators while the config loads.
  const generators = files ? startEarlyGenerators(projectDir(args), files) : undefined;
  let project;
  try {
    project = await projectFromArgs(args);
  } catch (error) {
    generators?.close();
    throw error;
  }
  const result = await preCommit(project, { files, baseline: !args.values['no-baseline'], generators });
  return report(result, args, 'pre-commit', 'pre-commit');
}
