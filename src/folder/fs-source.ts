import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EdgesResult, FileSource, ReadResult } from './file-source.js';

function failure(error: unknown): Extract<ReadResult, { ok: false }> {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
  if (code === 'EISDIR') return { ok: false, reason: 'directory' };
  return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
}

/** Only regular files are read: a FIFO or device would block a read forever. */
function regularFile(path: string): Extract<ReadResult, { ok: false }> | { ok: true; size: number } {
  const info = statSync(path);
  if (info.isDirectory()) return { ok: false, reason: 'directory' };
  if (!info.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
  return { ok: true, size: info.size };
}

/** Reads a migrations folder from disk. Synchronous calls behind the async interface: hundreds of small files read
 * faster without a thread-pool round trip each, and a CLI has nothing else to do meanwhile. */
export function fsSource(root: string): FileSource {
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
        const file = regularFile(join(root, path));
        return file.ok ? { ok: true, data: readFileSync(join(root, path)) } : file;
      } catch (error) {
        return failure(error);
      }
    },
    async readEdges(path, headBytes, tailBytes): Promise<EdgesResult> {
      let fd: number | undefined;
      try {
        const file = regularFile(join(root, path));
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
