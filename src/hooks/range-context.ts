import type { MigrationFolder } from '../folder/migration-folder.js';
import type { GeneratorSession } from '../systems/generator-session.js';
import type { TreeListing } from '../git/tree-source.js';

/** What the git rules see: a migrations folder before (`base`: HEAD, or what the remote has) and after (`head`:
 * the index, or the pushed commit), with git's blob ids for both. */
export interface RangeContext {
  base: MigrationFolder;
  head: MigrationFolder;
  baseListing: TreeListing;
  headListing: TreeListing;
  /** How the base is called in messages: "HEAD", "origin/main". */
  baseName: string;
  /** Whether a file (path relative to the folder) of the base may no longer change: it is on a remote. */
  immutable(path: string): boolean;
  /** Whether a journal entry of the base may no longer change. */
  immutableTag(tag: string): boolean;
  /** Why a file or entry may no longer change, for messages: "already pushed (on origin/main)", "already in HEAD". */
  fixedBecause(pathOrTag: string): string;
  /** Migrations under judgement: new in head, or changed where changing is allowed. */
  judged: Set<string>;
  /** The head folder's system's generator (see `MigrationSystem.startGenerator`), when migrations are judged. */
  generator?: GeneratorSession;
  customMigrations: 'allow' | 'warn' | 'forbid';
  /** The project's root (where its generator is installed). */
  projectRoot?: string;
}

export const JOURNAL_PATH = 'meta/_journal.json';
