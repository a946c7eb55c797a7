/** Where a migrations folder's bytes come from: the work tree, the git index, or a commit.
 * Paths are relative to the migrations folder and use `/`. */
export type ReadResult =
  | { ok: true; data: Buffer }
  | { ok: false; reason: 'missing' | 'directory' | 'unreadable'; detail?: string };

export interface Edges {
  head: Buffer;
  tail: Buffer;
  size: number;
}

export type EdgesResult = { ok: true; edges: Edges } | Extract<ReadResult, { ok: false }>;

export interface FileSource {
  /** Human description, e.g. "work tree" or "index". */
  readonly name: string;
  /** Names of the entries of a directory, with whether each is a file; null when it is not a directory. */
  list(dir: string): Promise<{ name: string; isFile: boolean }[] | null>;
  read(path: string): Promise<ReadResult>;
  /** Why a file that is listed cannot serve as one (a directory, a FIFO, a link out of the project, no read
   * permission), or undefined. Only the work tree has such problems; git blobs are always plain files. */
  problem?(path: string): Promise<string | undefined>;
  /** First `headBytes` and last `tailBytes` of a file, so big snapshots need not be read whole. */
  readEdges(path: string, headBytes: number, tailBytes: number): Promise<EdgesResult>;
}
