import type { Target } from '../config/targets.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { Oracle } from '../generator/oracle.js';

/** What schema/out-of-sync needs: the target (its `schema` setting), its folder, and the project's drizzle-kit. */
export interface SchemaContext {
  target: Target;
  folder: MigrationFolder;
  oracle: Oracle;
  /** drizzle config `casing`, when set. */
  casing?: string;
}
