import { preCommit } from '../../hooks/pre-commit.js';
import type { CliArgs } from '../args.js';
import { projectFromArgs } from '../load-project.js';
import { report } from '../output.js';

/** `driftgate pre-commit [files...]`: lint-staged passes the staged files; without files, every folder is judged. */
export async function run(args: CliArgs): Promise<number> {
  const project = await projectFromArgs(args);
  const result = await preCommit(project, { files: args.positionals.length ? args.positionals : undefined, baseline: !args.values['no-baseline'] });
  return report(result, args, 'pre-commit', 'pre-commit');
}
