import { check } from '../../check.js';
import type { CliArgs } from '../args.js';
import { projectFromArgs } from '../load-project.js';
import { report } from '../output.js';

export async function run(args: CliArgs): Promise<number> {
  const project = await projectFromArgs(args);
  const result = await check(project, { baseline: !args.values['no-baseline'] });
  return report(result, args, 'check', 'check');
}
