import { planUpgrade } from '../../upgrade/plan.js';
import type { RangeContext } from '../../hooks/range-context.js';

/** Where `drizzle-kit up` put one migration of the 0.x base in the 1.0 head. */
export interface UpgradeMove {
  /** Folder name in head (`<UTC second of when>_<name>`), as drizzle-kit up names it. */
  folder: string;
  /** head's `<folder>/migration.sql` is the base's `<tag>.sql`, byte for byte (git blob id). */
  sqlUnchanged: boolean;
  /** head's `<folder>/migration.sql` exists (moved, perhaps edited on the way). */
  sqlMoved: boolean;
  /** head's `<folder>/snapshot.json` exists (up rewrites every snapshot to format 9, so only presence counts). */
  snapshotMoved: boolean;
}

/** The upgrade commit: base in the 0.x journal layout, head in drizzle-kit 1.0's. `drizzle-kit up` moves each
 * `<tag>.sql` unchanged to `<stamp>_<name>/migration.sql` and rewrites `meta/<prefix>_snapshot.json` as its
 * `snapshot.json`, so a deleted 0.x file that arrived there is a move, not an edit of history. By base tag; null
 * when the change is not an upgrade. */
export function upgradeMoves(ctx: Pick<RangeContext, 'base' | 'head' | 'baseListing' | 'headListing'>): Map<string, UpgradeMove> | null {
  if (ctx.base.layout !== 'journal' || ctx.head.layout !== 'folders') return null;
  const moves = new Map<string, UpgradeMove>();
  for (const { migration, folder } of planUpgrade(ctx.base).moves) {
    const sql = ctx.headListing.get(`${folder}/migration.sql`);
    moves.set(migration.tag, {
      folder,
      sqlMoved: sql !== undefined,
      sqlUnchanged: sql !== undefined && sql === ctx.baseListing.get(migration.sqlPath),
      snapshotMoved: ctx.headListing.has(`${folder}/snapshot.json`),
    });
  }
  return moves;
}
