import type { Target } from '../config/targets.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { Oracle } from '../generator/oracle.js';
import { plural } from '../messages.js';
import type { RuleFinding } from '../types.js';
import { resolveSchemaFiles } from './schema-files.js';

/** What schema/out-of-sync needs: the target (its `schema` setting), its folder, and the project's drizzle-kit. */
export interface SchemaContext {
  target: Target;
  folder: MigrationFolder;
  /** Absent for a target whose system has no generator (pre-commit starts none for it). */
  oracle?: Oracle;
  /** drizzle config `casing`, when set. */
  casing?: string;
}

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
