import type { GeneratorPool } from '../systems/generator-pool.js';
import { runRules } from '../engine/run-rules.js';
import { systemOf } from '../systems/index.js';
import { openFolder } from '../systems/open-folder.js';
import type { Project } from '../project.js';
import type { Finding, Rule } from '../types.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import { schemaOutOfSync } from './out-of-sync.js';
import type { SchemaContext } from './schema-context.js';

/** schema/out-of-sync for every target that names a schema, against the work tree's latest snapshot. Shared by the
 * pre-push schema step and `driftgate verify`; `generators` hands out each system's generator. */
export async function schemaFindings(project: Project, generators: GeneratorPool): Promise<Finding[]> {
  const found: Finding[] = [];
  for (const target of project.targets) {
    if (target.schema.length === 0) continue;
    const folder = await openFolder(target);
    const rule = schemaRuleOf(folder);
    if (rule) found.push(...(await runRules([rule], { target, folder, generator: await generators.get(systemOf(folder), target.root) }, target.label)));
  }
  return found;
}

/** schema/out-of-sync as the folder's system decides it; undefined when the system keeps no schema source. */
export function schemaRuleOf(folder: MigrationFolder): Rule<SchemaContext> | undefined {
  return systemOf(folder).schemaCheck ? schemaOutOfSync : undefined;
}
