/** A PGlite data directory as PGlite dumps it (an uncompressed tar, `dumpDataDir('none')`): the form in which
 * driftgate caches a database (the empty template, each replayed state) and starts one, in memory. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';

const BLOCK = 512;
/** WAL segment files: 24 hex digits. */
const SEGMENT = /(^|\/)pg_wal\/([0-9A-F]{24})$/;

/** A tar entry's name (ustar: prefix + name) and the size of its data. */
function header(tar: Uint8Array, at: number): { name: string; size: number } | undefined {
  if (tar[at] === 0) return undefined; // the two zero blocks that end the archive
  const text = (from: number, length: number) => {
    const bytes = tar.subarray(at + from, at + from + length);
    const end = bytes.indexOf(0);
    return Buffer.from(end < 0 ? bytes : bytes.subarray(0, end)).toString('utf8');
  };
  const prefix = text(345, 155);
  const name = text(0, 100);
  return { name: prefix ? `${prefix}/${name}` : name, size: parseInt(text(124, 12).trim() || '0', 8) };
}

/** The archive without the WAL segments outside `needed` (from the last checkpoint's redo point to the current
 * insert position). After a CHECKPOINT Postgres keeps older segments for recycling and pre-allocates later ones:
 * megabytes that every start would load into memory and nothing reads. Anything that does not parse as tar is
 * returned unchanged. */
export function withoutSpareWal(tar: Uint8Array, needed: { from: string; to: string }): Uint8Array {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at + BLOCK <= tar.length) {
    const entry = header(tar, at);
    if (!entry || Number.isNaN(entry.size)) break;
    const length = BLOCK + Math.ceil(entry.size / BLOCK) * BLOCK;
    const segment = SEGMENT.exec(entry.name)?.[2];
    if (!segment || (segment >= needed.from && segment <= needed.to)) parts.push(tar.subarray(at, at + length));
    at += length;
  }
  if (at === 0) return tar;
  parts.push(tar.subarray(at)); // the end-of-archive blocks
  return Buffer.concat(parts);
}

/** Checkpoints and writes the database's data directory to `path` as tar, without spare WAL: what a later start
 * loads (see loadDataDir). */
export async function writeDataDir(pg: PGlite, path: string): Promise<void> {
  await pg.exec('CHECKPOINT');
  const { rows } = await pg.query<{ from: string; to: string }>(
    'select pg_catalog.pg_walfile_name(c.redo_lsn) as from, pg_catalog.pg_walfile_name(pg_catalog.pg_current_wal_lsn()) as to from pg_catalog.pg_control_checkpoint() c',
  );
  const tar = new Uint8Array(await (await pg.dumpDataDir('none')).arrayBuffer());
  writeFileSync(path, rows[0] ? withoutSpareWal(tar, rows[0]) : tar);
}

/** The options that start PGlite, in memory, on a data directory written by writeDataDir. */
export const loadDataDir = (path: string) => ({ loadDataDir: new Blob([readFileSync(path)]) });
