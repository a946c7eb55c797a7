import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

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

  constructor(private readonly cwd: string) {}

  read(oid: string): Promise<Buffer | null> {
    if (this.failed) return Promise.reject(this.failed);
    const child = this.start();
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      child.stdin.write(`${oid}\n`);
    });
  }

  close(): void {
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

  private drain(): void {
    while (this.queue.length > 0 && this.length > 0) {
      let buf = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.length);
      this.chunks = [buf];
      const newline = buf.indexOf(10);
      if (newline < 0) return;
      const header = buf.toString('utf8', 0, newline);
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        buf = buf.subarray(newline + 1);
        this.reset(buf);
        this.queue.shift()!.resolve(null);
        continue;
      }
      const size = Number(header.split(' ')[2]);
      const needed = newline + 1 + size + 1;
      if (buf.length < needed) return;
      const data = Buffer.from(buf.subarray(newline + 1, newline + 1 + size));
      this.reset(buf.subarray(needed));
      this.queue.shift()!.resolve(data);
    }
  }

  private reset(rest: Buffer): void {
    this.chunks = rest.length ? [rest] : [];
    this.length = rest.length;
  }
}
