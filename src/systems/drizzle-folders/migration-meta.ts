import { createHash } from 'node:crypto';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { BREAKPOINT, type MigrationMeta } from '../../embedded/migration-meta.js';

/** One migration as drizzle-orm 1.0's `readMigrationFiles` returns it: the 0.x fields plus the folder name (what
 * its tracking table records and matches on). */
export interface V1MigrationMeta extends MigrationMeta {
  name: string;
}

/** drizzle-orm 1.0's `formatToMillis`: the first 14 characters read as a UTC date-time, field by field with
 * parseInt (so a name that is not a timestamp gives NaN, and month 13 rolls into the next year, as there). */
export function formatToMillis(name: string): number {
  const n = (from: number, to: number) => parseInt(name.slice(from, to), 10);
  return Date.UTC(n(0, 4), n(4, 6) - 1, n(6, 8), n(8, 10), n(10, 12), n(12, 14));
}

/** drizzle-orm 1.0 `readMigrationFiles`, over a FileSource (work tree or commit): folders with a migration.sql,
 * in `localeCompare` name order (the folder's own order), the same split, hash and time. */
export async function readV1MigrationMetas(folder: MigrationFolder): Promise<V1MigrationMeta[]> {
  const out: V1MigrationMeta[] = [];
  for (const migration of folder.migrations) {
    if (!migration.sqlExists) continue;
    const read = await folder.source.read(migration.sqlPath);
    if (!read.ok) continue;
    const query = read.data.toString();
    out.push({ sql: query.split(BREAKPOINT), bps: true, folderMillis: formatToMillis(migration.tag), hash: createHash('sha256').update(query).digest('hex'), name: migration.tag });
  }
  return out;
}
