import { plural } from '../../messages.js';
import { resolveSchemaFiles } from '../../schema/schema-files.js';
import type { SchemaContext } from '../../schema/schema-context.js';
import type { RuleFinding } from '../../types.js';

/** schema/out-of-sync when the comparison could not run (the generator is missing, or failed on the schema). */
export const schemaNotCompared = (key: 'unavailable' | 'error', reason: string, fix: string): RuleFinding[] => [
  { severity: 'warn', key, message: `the schema was not compared with the latest snapshot: ${reason}`, fix },
];

export const RUN_GENERATE_YOURSELF = 'Run drizzle-kit generate yourself to see the problem.';

/** schema/out-of-sync: the generator would write these statements (the first three shown). */
export function schemaDiffers(file: string, against: string, generator: string, statements: string[], renameNote: string): RuleFinding[] {
  const shown = statements.slice(0, 3).map((s) => s.split('\n')[0]).join(' · ');
  const more = statements.length > 3 ? ` (+${statements.length - 3} more)` : '';
  return [{
    key: 'schema',
    file,
    message: `the schema differs from ${against}: ${generator} generate would write ${plural(statements.length, 'statement')}: ${shown}${more}${renameNote}`,
    fix: 'Run drizzle-kit generate and commit the new migration with the schema change (or revert the schema edit).',
  }];
}

/** The schema files a drizzle config's `schema` names, or the warning that it names none. */
export function schemaFilesOrWarning({ target }: SchemaContext, schema: string[]): string[] | RuleFinding[] {
  const files = resolveSchemaFiles(schema);
  if (files.length > 0) return files;
  const where = target.configFile ? 'drizzle config' : 'config';
  return [{ severity: 'warn', key: 'no-files', message: `the ${where}'s schema (${schema.join(', ')}) matches no file, so the schema was not compared with the snapshots`, fix: 'Fix "schema" in the drizzle config.' }];
}
