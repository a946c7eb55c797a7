import { systemOf } from '../systems/index.js';
import type { Rule } from '../types.js';
import type { SchemaContext } from './schema-context.js';

export const schemaOutOfSync: Rule<SchemaContext> = {
  id: 'schema/out-of-sync',
  severity: 'error',
  description: 'The schema (drizzle schema files, schema.prisma) no longer matches what the migrations build: drizzle-kit generate or prisma migrate dev would create a migration that is not committed.',
  // The system compares: with a snapshot, a reconstructed state, or an engine; one without a schema source cannot.
  run: async (ctx) => (ctx.target.schema.length === 0 ? [] : ((await systemOf(ctx.folder).schemaCheck?.(ctx, ctx.target.schema)) ?? [])),
};
