import { planUpgrade } from '../drizzle-journal/upgrade/plan.js';
import type { ConvertedMigration, MigrationSystem } from '../migration-system.js';

/** The upgrade commit: base in the 0.x journal layout, head in drizzle-kit 1.0's. `drizzle-kit up` moves each
 * `<tag>.sql` unchanged to `<stamp>_<name>/migration.sql` and rewrites `meta/<prefix>_snapshot.json` as its
 * `snapshot.json` (to format 9, so only presence counts), so a deleted 0.x file that arrived there is a move, not an
 * edit of history. By base tag; null when the change is not an upgrade. */
export const convertedFromJournal: NonNullable<MigrationSystem['convertedFrom']> = (ctx) => {
  if (ctx.base.system !== 'drizzle-journal') return null;
  const moves = new Map<string, ConvertedMigration>();
  for (const { migration, folder } of planUpgrade(ctx.base).moves) {
    const sqlPath = `${folder}/migration.sql`;
    const sql = ctx.headListing.get(sqlPath);
    moves.set(migration.tag, {
      tag: folder,
      sqlPath,
      baseSqlPath: migration.sqlPath,
      sqlMoved: sql !== undefined,
      sqlUnchanged: sql !== undefined && sql === ctx.baseListing.get(migration.sqlPath),
      snapshotMoved: ctx.headListing.has(`${folder}/snapshot.json`),
      via: 'drizzle-kit up',
    });
  }
  return moves;
};
