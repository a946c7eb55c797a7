import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { debug } from '../debug.js';
import type { Edges } from '../folder/file-source.js';
import { scanTopLevel } from '../folder/snapshot-header.js';

const VERSION = 1;
/** Entries kept at most (a 3,000-migration repo with a few branches fits; each entry is ~300 bytes). */
const MAX_ENTRIES = 20_000;

type Stored = [head: string, tail: string, size: number];

/** The edges (first/last bytes, size) of git blobs, by blob id, kept between runs in the repository's git dir.
 * A blob id names its content, so an entry never goes stale. A 300-migration folder holds ~85 MB of snapshots; with
 * this cache a commit reads only the snapshots it adds instead of all of them. */
export class EdgeCache {
  private entries = new Map<string, Stored>();
  private added = 0;

  constructor(private readonly file: string | undefined) {
    if (!file) return;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8'));
      if (data?.version === VERSION && data.entries && typeof data.entries === 'object') this.entries = new Map(Object.entries(data.entries));
    } catch {
      // no cache yet, or an unreadable one: start empty
    }
  }

  get(oid: string, headBytes: number, tailBytes: number): Edges | undefined {
    const key = `${oid}:${headBytes}:${tailBytes}`;
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    // Most recently used last, so eviction drops the oldest.
    this.entries.delete(key);
    this.entries.set(key, hit);
    return { head: Buffer.from(hit[0], 'base64'), tail: Buffer.from(hit[1], 'base64'), size: hit[2] };
  }

  set(oid: string, headBytes: number, tailBytes: number, edges: Edges): void {
    this.entries.set(`${oid}:${headBytes}:${tailBytes}`, [shortHead(edges.head).toString('base64'), edges.tail.toString('base64'), edges.size]);
    this.added++;
  }

  /** Writes the cache when this run added to it (atomically: a concurrent run sees the old or the new file). */
  save(): void {
    if (!this.file || this.added === 0) return;
    const keep = [...this.entries].slice(-MAX_ENTRIES);
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ version: VERSION, entries: Object.fromEntries(keep) }));
      renameSync(tmp, this.file);
      this.added = 0;
    } catch (error) {
      debug(`edge cache not saved: ${(error as Error).message}`);
    }
  }
}

/** A snapshot's head cut after the top-level fields (id, prevId, version, dialect), where its body starts — when
 * the cut reads the same as the whole head. ~150 bytes instead of 4 KB per entry. */
function shortHead(head: Buffer): Buffer {
  // latin1: one char per byte, so a string index is a byte offset
  const body = head.toString('latin1').slice(1).search(/[{[]/);
  if (body < 0) return head;
  const cut = head.subarray(0, body + 2);
  const same = JSON.stringify(scanTopLevel(cut.toString('utf8'))) === JSON.stringify(scanTopLevel(head.toString('utf8')));
  return same ? cut : head;
}
