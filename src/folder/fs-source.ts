import { open, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { EdgesResult, FileSource, ReadResult } from './file-source.js';

function failure(error: unknown): Extract<ReadResult, { ok: false }> {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'missing' };
  if (code === 'EISDIR') return { ok: false, reason: 'directory' };
  return { ok: false, reason: 'unreadable', detail: code ?? String(error) };
}

/** Reads a migrations folder from disk. */
export function fsSource(root: string): FileSource {
  return {
    name: 'work tree',
    async list(dir) {
      try {
        const entries = await readdir(join(root, dir), { withFileTypes: true });
        // A symlink counts as a file here; reading it later reports loops and dangling links.
        return entries.map((e) => ({ name: e.name, isFile: e.isFile() || e.isSymbolicLink() }));
      } catch {
        return null;
      }
    },
    async read(path) {
      try {
        // A FIFO or device would block a read forever: only regular files are read.
        const info = await stat(join(root, path));
        if (info.isDirectory()) return { ok: false, reason: 'directory' };
        if (!info.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
        return { ok: true, data: await readFile(join(root, path)) };
      } catch (error) {
        return failure(error);
      }
    },
    async readEdges(path, headBytes, tailBytes): Promise<EdgesResult> {
      let handle;
      try {
        const info = await stat(join(root, path));
        if (info.isDirectory()) return { ok: false, reason: 'directory' };
        if (!info.isFile()) return { ok: false, reason: 'unreadable', detail: 'not a regular file' };
        handle = await open(join(root, path), 'r');
        const size = info.size;
        if (size <= headBytes + tailBytes) {
          const data = await handle.readFile();
          return { ok: true, edges: { head: data, tail: data, size } };
        }
        const head = Buffer.alloc(headBytes);
        const tail = Buffer.alloc(tailBytes);
        await handle.read(head, 0, headBytes, 0);
        await handle.read(tail, 0, tailBytes, size - tailBytes);
        return { ok: true, edges: { head, tail, size } };
      } catch (error) {
        return failure(error);
      } finally {
        await handle?.close();
      }
    },
  };
}
