import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import type { Edges } from '../folder/file-source.js';
import { EdgeCache } from './edge-cache.js';

interface Pending {
  resolve(data: Buffer | null): void;
  reject(error: Error): void;
}

/** Reads blobs through ONE long-lived `git cat-file --batch`, so a 300-migration folder costs one process, not 600.
 * Requests are answered in order; `null` means the object is missing. */
export class BlobReader {
  private child: ChildProcessWithoutNullStreams | undefined;
  private queue: Pending[] = [];
  private chunks: Buffer[] = [];
  private length = 0;
  private failed: Error | undefined;

  private edgeReads = new Map<string, Promise<Edges | null>>();

  constructor(
    private readonly cwd: string,
    /** Edges of blobs seen by earlier runs (none: every blob is read). */
    private readonly edgeCache = new EdgeCache(undefined),
  ) {}

  /** First/last bytes and size of a blob: from the cache, or read once per run (a folder's base and head share
   * most of their snapshots). */
  edges(oid: string, headBytes: number, tailBytes: number): Promise<Edges | null> {
    const key = `${oid}:${headBytes}:${tailBytes}`;
    let found = this.edgeReads.get(key);
    if (!found) {
      const cached = this.edgeCache.get(oid, headBytes, tailBytes);
      found = cached
        ? Promise.resolve(cached)
        : this.read(oid).then((data) => {
            if (!data) return null;
            const edges = { head: Buffer.from(data.subarray(0, headBytes)), tail: Buffer.from(data.subarray(Math.max(0, data.length - tailBytes))), size: data.length };
            this.edgeCache.set(oid, headBytes, tailBytes, edges);
            return edges;
          });
      this.edgeReads.set(key, found);
    }
    return found;
  }

  read(oid: string): Promise<Buffer | null> {
    if (this.failed) return Promise.reject(this.failed);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      child.stdin.write(`${oid}\n`);
    });
  }

  close(): void {
    this.edgeCache.save();
    this.child?.stdin.end();
    this.child = undefined;
  }

  private start(): ChildProcessWithoutNullStreams {
    if (this.child) return this.child;
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.length += chunk.length;
      this.drain();
    });
    const fail = (error: Error) => {
      this.failed = error;
      for (const p of this.queue.splice(0)) p.reject(error);
    };
    child.on('error', fail);
    child.on('exit', (code) => {
      if (this.queue.length) fail(new Error(`git cat-file exited with ${code}`));
    });
    // Never keep the CLI alive just for an idle reader.
    child.unref();
    (child.stdout as unknown as { unref?: () => void }).unref?.();
    this.child = child;
    return child;
  }

  /** Bytes the current reply needs in total (header line + body + newline), once its header has arrived. */
  private needed = 0;

  /** Answers queued requests from the bytes received. Chunks are joined once per reply, when the whole reply is
   * there: joining on every chunk copied a 500 KB snapshot ~10 times. */
  private drain(): void {
    while (this.queue.length > 0 && this.length > 0) {
      if (this.needed === 0) {
        const first = this.chunks[0];
        let newline = first.indexOf(10);
        if (newline < 0) {
          // the header line straddles chunks (rare): join what there is and look again
          this.chunks = [Buffer.concat(this.chunks, this.length)];
          newline = this.chunks[0].indexOf(10);
          if (newline < 0) return;
        }
        const header = this.chunks[0].toString('utf8', 0, newline);
        if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
          this.consume(newline + 1);
          this.queue.shift()!.resolve(null);
          continue;
        }
        this.needed = newline + 1 + Number(header.split(' ')[2]) + 1;
        this.headerLength = newline + 1;
      }
      if (this.length < this.needed) return;
      const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
      const data = Buffer.from(buf.subarray(this.headerLength, this.needed - 1));
      this.reset(buf.subarray(this.needed));
      this.needed = 0;
      this.queue.shift()!.resolve(data);
    }
  }

  private headerLength = 0;

  private consume(n: number): void {
    const buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
    this.reset(buf.subarray(n));
  }

  private reset(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
  }
}
