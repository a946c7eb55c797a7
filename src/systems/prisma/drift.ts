import { relative } from 'node:path';
import type { Target } from '../../config/targets.js';
import type { DbFinding } from '../../db/db-finding.js';
import { diffSummary, readSchemaFiles, withSchemaEngine } from './engine/engine-session.js';
import { lastEnginePanic } from './engine/load-engine.js';
import { summaryParts } from './schema-check.js';

/** The live database against schema.prisma, as Prisma's engine sees them (its introspection over a read-only
 * connection, diffed with the datamodel): what `prisma migrate diff --from-url … --to-schema-datamodel …` prints. */
export async function liveDrift(url: string, target: Target): Promise<DbFinding[]> {
  const schema = await readSchemaFiles(target.root, target.schema);
  const file = relative(target.root, target.schema[0]) || target.schema[0];
  try {
    const summary = await withSchemaEngine({ projectDir: target.root, url, readOnly: true, schema }, (engine) =>
      diffSummary(engine, { tag: 'schemaDatasource', files: schema, configDir: target.root }, { tag: 'schemaDatamodel', files: schema }),
    );
    if (!summary) return [];
    const parts = summaryParts(summary);
    return [{
      rule: 'db/drift',
      key: 'schema',
      file,
      message: `the database differs from ${file} (all migrations applied): ${parts.slice(0, 6).join('; ')}${parts.length > 6 ? ` (+${parts.length - 6} more)` : ''} — changed by hand, by prisma db push, or by a migration edited after it ran`,
      fix: 'Find who changed it (prisma migrate diff --from-url "$DATABASE_URL" --to-schema-datamodel prisma/schema.prisma shows the script); put intended changes in a migration, undo the rest.',
    }];
  } catch (error) {
    const reason = (lastEnginePanic() || String((error as Error).message)).split('\n')[0];
    return [{ rule: 'db/drift', severity: 'warn', key: 'unavailable', file, message: `the database was not compared with ${file}: Prisma's schema engine stopped: ${reason}` }];
  }
}
