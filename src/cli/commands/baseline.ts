import { relative } from 'node:path';
import { check } from '../../check.js';
import { toBaseline, writeBaseline } from '../../engine/baseline.js';
import { baselineWritten } from '../../messages.js';
import type { CliArgs } from '../args.js';
import { projectFromArgs } from '../load-project.js';

/** Records every current finding (errors and warnings) so that only new ones are reported from now on. */
export async function run(args: CliArgs): Promise<number> {
  const project = await projectFromArgs(args);
  const result = await check(project, { baseline: false });
  const baseline = toBaseline(result.findings);
  await writeBaseline(project.baselinePath, baseline);
  process.stdout.write(baselineWritten(relative(project.cwd, project.baselinePath), baseline.entries.length) + '\n');
  return 0;
}
