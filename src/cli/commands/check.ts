import { check } from '../../check.js';
import type { CliArgs } from '../args.js';
import { projectFromArgs } from '../load-project.js';
import { report } from '../output.js';

export async function run(args: CliArgs): Promise<number> {
  const project = await projectFromArgs(args);
  const baseline = !args.values['no-baseline'];
  const result = args.values['upgrade-preview']
    ? await (await import('../../upgrade-preview.js')).checkWithUpgradePreview(project, { baseline })
    : await check(project, { baseline, all: args.values.all, since: args.values.since });
  return report(result, args, 'check', 'check');
}
