import type { Oracle } from '../generator/oracle.js';
import { runRules } from '../engine/run-rules.js';
import { systemOf } from '../systems/index.js';
import { openFolder } from '../systems/open-folder.js';
import type { Project } from '../project.js';
import type { Finding } from '../types.js';
import { schemaOutOfSync } from './out-of-sync.js';

/** schema/out-of-sync for every target that names a schema, against the work tree's latest snapshot. Shared by the
 * pre-push schema step and `driftgate verify`; `oracleFor` hands out the project's drizzle-kit worker. */
export async function schemaFindings(project: Project, oracleFor: (root: string) => Promise<Oracle>): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const target of project.targets) {
    if (target.schema.length === 0) continue;
    const folder = await openFolder(target);
    if (!systemOf(folder).schemaCheck) continue; // the system keeps no schema source to compare
    found.push(...(await runRules([schemaOutOfSync], { target, folder, oracle: await oracleFor(target.root) }, target.label)));
  }
  return found;
}
