/** A PGlite data directory as PGlite dumps it (an uncompressed tar, `dumpDataDir('none')`): the form in which
 * driftgate caches a database (the empty template, each replayed state) and starts one, in memory. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { PGlite, PGliteOptions } from '@electric-sql/pglite';

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

/** Where PGlite's Postgres keeps its data directory (PGDATA) in the Emscripten file system. */
const PGDATA = '/pglite/data';
/** ustar type flags: a regular file ('0', or NUL in old archives) and a directory. */
const FILE_TYPES = new Set([0x30, 0]);
const DIRECTORY = 0x35;

/** Whether the header block at `at` carries its own checksum (ustar: the unsigned sum of the block's bytes, the
 * checksum field counted as spaces). */
function checksumOk(tar: Uint8Array, at: number): boolean {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += tar[at + i]!;
  const field = Buffer.from(tar.subarray(at + 148, at + 156)).toString('latin1').replace(/\0.*$/s, '').trim();
  return parseInt(field, 8) === sum;
}

/** Every entry of an archive written by writeDataDir: directories, and files as views into `tar` (no copy). Throws
 * on anything that is not a whole, intact archive: a damaged cache entry must fail the start, not start an empty
 * database. */
function* entries(tar: Uint8Array): Generator<{ name: string; directory: boolean; data: Uint8Array }> {
  let at = 0;
  for (;;) {
    if (at + BLOCK > tar.length) throw new Error('the data directory archive is truncated');
    const entry = header(tar, at);
    if (!entry) return;
    if (Number.isNaN(entry.size) || !checksumOk(tar, at)) throw new Error('the data directory archive is damaged');
    const end = at + BLOCK + entry.size;
    if (end > tar.length) throw new Error('the data directory archive is truncated');
    const type = tar[at + 156]!;
    if (type === DIRECTORY || FILE_TYPES.has(type)) yield { name: entry.name.replace(/^\/+|\/+$/g, ''), directory: type === DIRECTORY, data: tar.subarray(at + BLOCK, end) };
    at += BLOCK + Math.ceil(entry.size / BLOCK) * BLOCK;
  }
}

/** Postgres' settings for every start, after PGlite's own. initdb writes shared_buffers = 128MB, and Postgres clears
 * all of it at start (~0.3 s of WebAssembly and fresh pages); a replayed state of 300 migrations is 19 MB in all, so
 * 16 MB replays it as fast (measured) and starts in half the time. */
const SERVER_SETTINGS = ['-c', 'shared_buffers=16MB'];

/**
 * The options that start PGlite, in memory, on a data directory written by writeDataDir, with SERVER_SETTINGS.
 *
 * PGlite's own `loadDataDir` untars in JavaScript and resolves every parent path of every file again: ~0.35 s for a
 * 1,500-file replayed state, a third of a start. Here the files go straight into PGlite's in-memory file system as
 * views into the archive's one buffer (which nothing else holds), each directory made once; PGlite then finds a
 * data directory and starts on it.
 */
export async function loadDataDir(path: string): Promise<Pick<PGliteOptions, 'fs' | 'startParams'>> {
  const { MemoryFS, PGlite } = await import('@electric-sql/pglite');
  const tar = readFileSync(path);
  class ArchiveFS extends MemoryFS {
    override async initialSyncFs(): Promise<void> {
      const fs = (this.pg as unknown as { Module: { FS: EmscriptenFS } }).Module.FS;
      const made = new Set<string>();
      const mkdirs = (dir: string) => {
        if (made.has(dir)) return;
        fs.mkdirTree(dir);
        made.add(dir);
      };
      mkdirs(PGDATA);
      for (const entry of entries(tar)) {
        const full = entry.name ? `${PGDATA}/${entry.name}` : PGDATA;
        if (entry.directory) mkdirs(full);
        else {
          mkdirs(full.slice(0, full.lastIndexOf('/')));
          fs.writeFile(full, entry.data, { canOwn: true });
        }
      }
      // without it PGlite would run initdb and start an empty database in its place
      if (!fs.analyzePath(`${PGDATA}/PG_VERSION`).exists) throw new Error('the data directory archive holds no data directory');
    }
  }
  return { fs: new ArchiveFS(), startParams: [...(PGlite as unknown as { defaultStartParams: string[] }).defaultStartParams, ...SERVER_SETTINGS] };
}

/** The part of Emscripten's FS that loadDataDir uses. */
interface EmscriptenFS {
  mkdirTree(path: string): void;
  writeFile(path: string, data: Uint8Array, opts: { canOwn: boolean }): void;
  analyzePath(path: string): { exists: boolean };
}
