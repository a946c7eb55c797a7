import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, isAbsolute } from 'node:path';
import type { EdgesResult, FileSource, ReadResult } from './file-source.js';

function failure(error: unknown): Extract<ReadResult, { ok: false }> {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ELOOP') return { ok: false, reason: 'unreadable', detail: 'a symbolic link loop' };
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
  if (code === 'EISDIR') return { ok: false, reason: 'directory' };
  return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
}

const isRoot = process.getuid?.() === 0;

/** A path inside one of the roots (real paths). */
const inside = (path: string, roots: string[]) => roots.some((root) => {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
});

/** Links are followed only while they stay in the project: a migration or journal linked to `/proc/self/environ`
 * or `~/.pgpass` is reported, never read (so never printed, hashed or replayed). */
function outsideLink(path: string, roots: string[] | undefined): Extract<ReadResult, { ok: false }> | undefined {
  if (!roots || !lstatSync(path).isSymbolicLink()) return undefined;
  const real = realpathSync(path);
  return inside(real, roots) ? undefined : { ok: false, reason: 'unreadable', detail: `a symbolic link to ${real}, outside the project: driftgate does not follow it` };
}

/** Only regular files are read: a FIFO or device would block a read forever. */
function regularFile(path: string, roots?: string[]): Extract<ReadResult, { ok: false }> | { ok: true; size: number } {
  const outside = outsideLink(path, roots);
  if (outside) return outside;
  const info = statSync(path);
  if (info.isDirectory()) return { ok: false, reason: 'directory' };
  if (!info.isFile()) return { ok: false, reason: 'unreadable', detail: `not a regular file (${info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : 'a device'})` };
  return { ok: true, size: info.size };
}

const BIG_FILE = 64 * 1024;

/** Reads a migrations folder from disk. Synchronous calls behind the async interface: hundreds of small files read
 * faster without a thread-pool round trip each, and a CLI has nothing else to do meanwhile. */
export function fsSource(root: string, projectRoots?: string[]): FileSource {
  // Real paths, so a link is judged by where it really lands.
  const roots = projectRoots?.map((r) => {
    try {
      return realpathSync(r);
    } catch {
      return r;
    }
  });
  return {
    name: 'work tree',
    async list(dir) {
      try {
        // A symlink counts as a file here; reading it later reports loops and dangling links.
        return readdirSync(join(root, dir), { withFileTypes: true }).map((e) => ({ name: e.name, isFile: e.isFile() || e.isSymbolicLink() }));
      } catch {
        return null;
      }
    },
    async read(path): Promise<ReadResult> {
      try {
        const file = regularFile(join(root, path), roots);
        if (!file.ok) return file;
        // a big file (a snapshot of a large schema) is read off the main thread, which meanwhile has other work (the
        // replay's catalog comparisons); a thread-pool round trip costs more than reading a small one
        return { ok: true, data: file.size > BIG_FILE ? await readFile(join(root, path)) : readFileSync(join(root, path)) };
      } catch (error) {
        return failure(error);
      }
    },
    async problem(path) {
      const full = join(root, path);
      try {
        const own = lstatSync(full);
        // The common case costs one lstat (root reads any regular file; others try an open for permission).
        if (own.isFile()) return isRoot ? undefined : (closeSync(openSync(full, 'r')), undefined);
        const link = own.isSymbolicLink();
        let real: string;
        try {
          real = realpathSync(full);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          return code === 'ELOOP' ? 'is a symbolic link loop' : link ? 'is a dangling symbolic link' : `cannot be read (${code})`;
        }
        if (link && roots && !inside(real, roots)) return `is a symbolic link to ${real}, outside the project: driftgate does not follow it`;
        const info = statSync(full);
        if (info.isDirectory()) return 'is a directory';
        if (!info.isFile()) return `is not a regular file (${info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : 'a device'})`;
        closeSync(openSync(full, 'r')); // mode 000 (or an ACL) is reported here, not skipped silently later
        return undefined;
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        return code === 'ENOENT' ? undefined : `cannot be read (${code ?? String(error)})`;
      }
    },
    async readEdges(path, headBytes, tailBytes): Promise<EdgesResult> {
      let fd: number | undefined;
      try {
        const file = regularFile(join(root, path), roots);
        if (!file.ok) return file;
        fd = openSync(join(root, path), 'r');
        const { size } = file;
        if (size <= headBytes + tailBytes) {
          const data = readFileSync(fd);
          return { ok: true, edges: { head: data, tail: data, size } };
        }
        const head = Buffer.alloc(headBytes);
        const tail = Buffer.alloc(tailBytes);
        readSync(fd, head, 0, headBytes, 0);
        readSync(fd, tail, 0, tailBytes, size - tailBytes);
        return { ok: true, edges: { head, tail, size } };
      } catch (error) {
        return failure(error);
      } finally {
        if (fd !== undefined) closeSync(fd);
      }
    },
  };
}
