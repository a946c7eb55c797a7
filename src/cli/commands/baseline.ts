import { relative } from 'node:path';
import { check } from '../../check.js';
import { DEFAULT_CONNECT_OPTIONS } from '../../db/postgres-client.js';
import { toBaseline, writeBaseline } from '../../engine/baseline.js';
import { baselineWritten } from '../../messages.js';
import type { Finding } from '../../types.js';
import type { CliArgs } from '../args.js';
import { projectFromArgs } from '../load-project.js';

/** Records every current finding (errors and warnings) so that only new ones are reported from now on: the static
 * rules and — unless --no-db — the embedded replay's (`verify` and the pre-push hook replay too, so a history with
 * a known divergence is green on day one). */
export async function run(args: CliArgs): Promise<number> {
  const project = await projectFromArgs(args);
  const result = await check(project, { baseline: false });
  const findings: Finding[] = [...result.findings];
  if (!args.values['no-db']) {
    const { verify } = await import('../../verify.js');
    const replay = await verify(project, { embedded: true, databaseOnly: true, baseline: false, connect: DEFAULT_CONNECT_OPTIONS });
    findings.push(...replay.findings);
  }
  const baseline = toBaseline(findings);
  await writeBaseline(project.baselinePath, baseline);
  process.stdout.write(baselineWritten(relative(project.cwd, project.baselinePath), baseline.entries.length) + '\n');
  return 0;
}
