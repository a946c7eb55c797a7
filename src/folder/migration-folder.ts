import type { FileSource } from './file-source.js';
import type { Journal, JournalEntry, JournalProblem } from './journal.js';
import type { PrefixMode } from './prefix.js';
import type { SnapshotHeader } from './snapshot-header.js';

/** Settings of one migrations folder, from drizzle.config (or defaults). */
export interface FolderSettings {
  prefix: PrefixMode;
  breakpoints: boolean;
  /** drizzle's tracking table and its schema. */
  table: string;
  schema: string;
}

export const DEFAULT_SETTINGS: FolderSettings = {
  prefix: 'index',
  breakpoints: true,
  table: '__drizzle_migrations',
  schema: 'drizzle',
};

export interface SnapshotFile {
  /** Path relative to the folder, e.g. `meta/0003_snapshot.json`. */
  path: string;
  header: SnapshotHeader;
}

/** One migration as its tool applies it, whichever system's folder it came from. */
export interface Migration {
  /** Position in apply order (0-based). */
  index: number;
  /** Journal tag (`0003_add_users`) or 1.0 folder name (`20250101120000_add_users`). */
  tag: string;
  /** Journal `when` (ms) — the 0.x migrator's watermark. Undefined on the 1.0 layout. */
  when?: number;
  entry?: JournalEntry;
  /** SQL path relative to the folder; `sqlExists` says whether it is there. */
  sqlPath: string;
  sqlExists: boolean;
  snapshot?: SnapshotFile;
}

/** A migrations folder read into the common model (by its system, src/systems), once. Big files stay on disk until
 * a rule asks for them. The journal and snapshot parts are drizzle-kit's; other systems leave them empty. */
export interface MigrationFolder {
  /** Id of the migration system that wrote it (src/systems): what every tool-specific question is asked of. */
  system: string;
  /** Display path of the folder, relative to the working directory. */
  label: string;
  settings: FolderSettings;
  source: FileSource;
  /** Present for the journal layout when it could be parsed. */
  journal?: Journal;
  journalText?: string;
  journalProblems: JournalProblem[];
  /** `.sql` files directly in the folder (journal layout). */
  sqlFiles: string[];
  /** All snapshot files found, keyed by path. */
  snapshots: SnapshotFile[];
  migrations: Migration[];
  /** Display path of a file in this folder. */
  display(path: string): string;
}
