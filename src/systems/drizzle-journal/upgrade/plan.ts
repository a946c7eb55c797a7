import type { Migration, MigrationFolder } from '../../../folder/migration-folder.js';

/** Where `drizzle-kit up` (1.0) will move one journal entry. */
export interface UpgradeMove {
  migration: Migration;
  /** `<YYYYMMDDHHmmss of when, UTC>_<tag without its prefix>` — drizzle-kit's planFoldersV3. */
  folder: string;
  /** Position in drizzle-orm 1.0's apply order (folder names sorted with localeCompare). */
  order: number;
}

export interface UpgradePlan {
  moves: UpgradeMove[];
  /** Moves in 1.0 apply order. */
  byOrder: UpgradeMove[];
}

const two = (n: number) => String(n).padStart(2, '0');

/** drizzle-kit's prepareSnapshotFolderName: the UTC second of `when`. */
export function stampOf(when: number): string {
  const d = new Date(when);
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}${two(d.getUTCHours())}${two(d.getUTCMinutes())}${two(d.getUTCSeconds())}`;
}

/** What `drizzle-kit up` will name each migration of a 0.x folder, and the order drizzle-orm 1.0 will see. */
export function planUpgrade(folder: MigrationFolder): UpgradePlan {
  const moves: UpgradeMove[] = folder.migrations
    .filter((m) => m.when !== undefined && Number.isFinite(m.when))
    .map((migration) => ({ migration, folder: `${stampOf(migration.when!)}_${migration.tag.split('_').slice(1).join('_')}`, order: 0 }));
  const byOrder = [...moves].sort((a, b) => a.folder.localeCompare(b.folder));
  byOrder.forEach((move, i) => (move.order = i));
  return { moves, byOrder };
}
