import type { MigrationFolder } from '../folder/migration-folder.js';
import type { Oracle } from '../generator/oracle.js';
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
  /** The project's drizzle-kit, when the SQL of judged migrations is to be regenerated. */
  oracle?: Oracle;
  customMigrations: 'allow' | 'warn' | 'forbid';
  /** The project's root (where its drizzle-kit is installed): the 1.0 layout's generator check starts its own. */
  projectRoot?: string;
}

export const JOURNAL_PATH = 'meta/_journal.json';

/** Paths of a folder that are generated history: SQL files and snapshots (the journal is judged entry by entry).
 * On drizzle-kit 1.0's layout: `<folder>/migration.sql` and `<folder>/snapshot.json`. */
export function isHistoryFile(path: string, layout: MigrationFolder['layout'] = 'journal'): boolean {
  if (layout === 'folders') return V1_HISTORY.test(path);
  return (/^[^/]+\.sql$/.test(path) || /^meta\/[^/]+_snapshot\.json$/.test(path));
}

const V1_HISTORY = /^([^/]+)\/(migration\.sql|snapshot\.json)$/;

/** The migration folder name of a 1.0 history path (`20250101120000_x/migration.sql` → `20250101120000_x`). */
export function v1TagOfPath(path: string): string | undefined {
  return V1_HISTORY.exec(path)?.[1];
}

/** The tag a history file belongs to in a folder (`0003_x.sql` → `0003_x`; `meta/0003_snapshot.json` → the entry
 * whose prefix is 0003; on 1.0, the migration's folder name). */
export function tagOfPath(folder: MigrationFolder, path: string): string | undefined {
  if (folder.layout === 'folders') return v1TagOfPath(path);
  if (path.endsWith('.sql')) return path.slice(0, -4);
  const prefix = /^meta\/(.*)_snapshot\.json$/.exec(path)?.[1];
  return folder.migrations.find((m) => m.snapshot?.path === path)?.tag ?? prefix;
}

/** Changed, deleted history files of the base (in the base's layout), and whether each may change. */
export function changedHistory(ctx: Pick<RangeContext, 'base' | 'baseListing' | 'headListing'>): { path: string; deleted: boolean }[] {
  const out: { path: string; deleted: boolean }[] = [];
  for (const [path, oid] of ctx.baseListing) {
    if (!isHistoryFile(path, ctx.base.layout)) continue;
    const now = ctx.headListing.get(path);
    if (now !== oid) out.push({ path, deleted: now === undefined });
  }
  return out;
}
