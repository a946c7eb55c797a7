import { systemOf } from '../systems/index.js';
import type { Rule } from '../types.js';
import type { SchemaContext } from './schema-context.js';
import { resolveSchemaFiles } from './schema-files.js';

export const schemaOutOfSync: Rule<SchemaContext> = {
  id: 'schema/out-of-sync',
  severity: 'error',
  description: 'The drizzle schema no longer matches the latest snapshot: drizzle-kit generate would create a migration that is not committed.',
  async run(ctx) {
    const { target, folder } = ctx;
    if (target.schema.length === 0) return [];
    const files = resolveSchemaFiles(target.schema);
    const where = target.configFile ? 'drizzle config' : 'config';
    if (files.length === 0) {
      return [{ severity: 'warn', key: 'no-files', message: `the ${where}'s schema (${target.schema.join(', ')}) matches no file, so the schema was not compared with the snapshots`, fix: 'Fix "schema" in the drizzle config.' }];
    }
    // The system compares: with a snapshot, a reconstructed state, or an engine; one without a schema source cannot.
    return (await systemOf(folder).schemaCheck?.(ctx, files)) ?? [];
  },
};
