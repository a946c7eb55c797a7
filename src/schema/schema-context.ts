import type { Target } from '../config/targets.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { GeneratorSession } from '../systems/generator-session.js';

/** What schema/out-of-sync needs: the target (its `schema` setting), its folder, and its system's generator. */
export interface SchemaContext {
  target: Target;
  folder: MigrationFolder;
  /** The folder's system's generator (see `MigrationSystem.startGenerator`), when it has one. */
  generator?: GeneratorSession;
  /** drizzle config `casing`, when set. */
  casing?: string;
}
