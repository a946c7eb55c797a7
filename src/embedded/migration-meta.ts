import { createHash } from 'node:crypto';
import { DriftgateError } from '../errors.js';
import type { MigrationFolder } from '../folder/migration-folder.js';

/** One migration as drizzle-orm's `readMigrationFiles` returns it (same field names: the project's own
 * PgDialect.migrate consumes these). */
export interface MigrationMeta {
  /** The file's text split on `--> statement-breakpoint`, chunks untrimmed, exactly as drizzle splits it. */
  sql: string[];
  bps: boolean;
  folderMillis: number;
  /** sha256 of the whole file text, hex. */
  hash: string;
}

export const BREAKPOINT = '--> statement-breakpoint';

/** drizzle-orm 0.x `readMigrationFiles`, over a FileSource (work tree, git index or commit): journal order, the
 * same split, the same hash. Used when the project's own drizzle-orm cannot be loaded, or the files are not on disk. */
export async function readMigrationMetas(folder: MigrationFolder): Promise<MigrationMeta[]> {
  if (!folder.journal) throw new DriftgateError(`${folder.label}: meta/_journal.json is missing or invalid; nothing to replay`);
  const out: MigrationMeta[] = [];
  for (const entry of folder.journal.entries) {
    const read = await folder.source.read(`${entry.tag}.sql`);
    if (!read.ok) throw new DriftgateError(`${folder.display(`${entry.tag}.sql`)} is missing: drizzle's migrator stops here too`, 'Restore the file (see journal/missing-sql).');
    const query = read.data.toString();
    out.push({ sql: query.split(BREAKPOINT), bps: entry.breakpoints !== false, folderMillis: entry.when, hash: createHash('sha256').update(query).digest('hex') });
  }
  return out;
}

/** 1-based line in the file of character `offset` (0-based) of chunk `index` of the split text; without an
 * offset, the chunk's first non-blank character — for pointing at a failing statement. */
export function chunkLine(meta: Pick<MigrationMeta, 'sql'>, index: number, offset?: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) line += meta.sql[i].split('\n').length - 1;
  const chunk = meta.sql[index] ?? '';
  const at = offset !== undefined && offset >= 0 && offset <= chunk.length ? offset : (/^\s*/.exec(chunk)?.[0].length ?? 0);
  return line + chunk.slice(0, at).split('\n').length - 1;
}
