import type { EdgesResult, FileSource, ReadResult } from '../folder/file-source.js';
import type { BlobReader } from './blob-reader.js';

/** A path → blob id listing of one folder, as git's index or a commit's tree holds it. Paths are relative to the
 * folder and use `/`. */
export type TreeListing = Map<string, string>;

/** A FileSource over a git listing (the index or a commit): bytes come from the object store, never the work tree,
 * so a partially staged file or a CRLF checkout is judged as git stores it. */
export function treeSource(name: string, listing: TreeListing, blobs: BlobReader): FileSource {
  const dirs = new Map<string, Map<string, boolean>>();
  const addChild = (dir: string, child: string, isFile: boolean) => {
    let children = dirs.get(dir);
    if (!children) dirs.set(dir, (children = new Map()));
    if (!children.has(child) || isFile === false) children.set(child, isFile);
  };
  for (const path of listing.keys()) {
    const parts = path.split('/');
    for (let i = 0; i < parts.length; i++) addChild(parts.slice(0, i).join('/'), parts[i], i === parts.length - 1);
  }
  const read = async (path: string): Promise<ReadResult> => {
    const oid = listing.get(path);
    if (!oid) return { ok: false, reason: dirs.has(path) ? 'directory' : 'missing' };
    try {
      const data = await blobs.read(oid);
      return data ? { ok: true, data } : { ok: false, reason: 'missing' };
    } catch (error) {
      return { ok: false, reason: 'unreadable', detail: (error as Error).message };
    }
  };
  return {
    name,
    async list(dir) {
      const children = dirs.get(dir.replace(/\/$/, ''));
      if (!children) return dir === '' && listing.size === 0 ? [] : null;
      return [...children].map(([child, isFile]) => ({ name: child, isFile }));
    },
    read,
    async readEdges(path, headBytes, tailBytes): Promise<EdgesResult> {
      const oid = listing.get(path);
      if (!oid) return { ok: false, reason: dirs.has(path) ? 'directory' : 'missing' };
      try {
        const edges = await blobs.edges(oid, headBytes, tailBytes);
        return edges ? { ok: true, edges } : { ok: false, reason: 'missing' };
      } catch (error) {
        return { ok: false, reason: 'unreadable', detail: (error as Error).message };
      }
    },
  };
}
