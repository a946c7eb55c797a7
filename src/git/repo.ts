import { execFile, spawnSync } from 'node:child_process';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { debug } from '../debug.js';
import { DriftgateError } from '../errors.js';
import type { FileSource } from '../folder/file-source.js';
import { BlobReader } from './blob-reader.js';
import { EdgeCache } from './edge-cache.js';
import { treeSource, type TreeListing } from './tree-source.js';

/** git's empty tree: the base of a root commit or of a first push. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbe4904';
export const ZERO_SHA = /^0+$/;

/** One changed path between two states, relative to the repository root. */
export interface Change {
  status: 'A' | 'M' | 'D' | 'T' | 'U' | 'X';
  path: string;
}

/** A path in the work tree that is not committed: untracked (`??`), or changed in the index or work tree. */
export interface StatusEntry {
  code: string;
  path: string;
}

/** The ONE way driftgate talks to git (one `git` process a command; one `cat-file --batch` for file contents). */
export class Repo {
  readonly blobs: BlobReader;

  private constructor(
    /** Absolute path of the work tree's top level. */
    readonly root: string,
    blobs: BlobReader,
  ) {
    this.blobs = blobs;
  }

  /** Opens the repository that contains `cwd`; a one-line error when there is none. */
  static async open(cwd: string): Promise<Repo> {
    let root: string;
    let commonDir: string;
    try {
      [root, commonDir] = (await runGit(cwd, ['rev-parse', '--show-toplevel', '--git-common-dir'])).split('\n').map((l) => l.trim());
    } catch (error) {
      throw new DriftgateError(`${cwd} is not inside a git work tree`, `git hooks need a repository (${String((error as Error).message).split('\n')[0]}).`);
    }
    if (!root) throw new DriftgateError(`${cwd} is not inside a git work tree`);
    // The edge cache lives with git's own data (shared by worktrees), never in the work tree.
    const cacheFile = process.env.DRIFTGATE_NO_GIT_CACHE ? undefined : join(resolve(cwd, commonDir), 'driftgate', 'blob-edges.json');
    return new Repo(root, new BlobReader(root, new EdgeCache(cacheFile)));
  }

  raw(args: string[]): Promise<string> {
    debug(`git ${args.join(' ')}`);
    return runGit(this.root, args);
  }

  /** A path relative to the repository root, with `/` ('' for the root itself). */
  rel(path: string): string {
    const abs = isAbsolute(path) ? path : resolve(this.root, path);
    return relative(this.root, abs).split('\\').join('/');
  }

  /** Writes the tracked files under `path` (relative to the root; '' for all) as commit `rev` has them into `dest`,
   * keeping their paths: the pushed commit, judged without touching the work tree or the index. */
  exportTree(rev: string, path: string, dest: string): void {
    debug(`git archive ${rev} ${path} → ${dest}`);
    const archive = spawnSync('git', ['archive', '--format=tar', rev, '--', path ? `:(literal)${path}` : '.'], { cwd: this.root, maxBuffer: 1 << 30 });
    if (archive.status !== 0) throw new DriftgateError(`git archive ${rev} failed: ${String(archive.stderr).split('\n')[0]}`);
    const tar = spawnSync('tar', ['-x', '-C', dest], { input: archive.stdout });
    if (tar.status !== 0) throw new DriftgateError(`cannot unpack ${rev} into ${dest}: ${String(tar.stderr).split('\n')[0]}`);
  }

  /** `core.hooksPath` (where husky 9 points git at `.husky/_`), or undefined when unset. */
  async hooksPath(): Promise<string | undefined> {
    try {
      return (await this.raw(['config', '--get', 'core.hooksPath'])).trim() || undefined;
    } catch {
      return undefined; // git config exits 1 when the key is unset
    }
  }

  close(): void {
    this.blobs.close();
  }

  /** The commit a revision names, or null (no HEAD yet, a tag of a tree, an unknown sha). */
  async commit(rev: string): Promise<string | null> {
    try {
      return (await this.raw(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim() || null;
    } catch {
      return null;
    }
  }

  /** `commit()` for many revisions in one git process (a push of 2,000 tags must not spawn 2,000). */
  async commits(revs: string[]): Promise<(string | null)[]> {
    if (revs.length === 0) return [];
    debug(`git cat-file --batch-check (${revs.length} revisions)`);
    const out = await new Promise<string>((done, fail) => {
      const child = execFile('git', ['cat-file', '--batch-check=%(objectname) %(objecttype)'], { cwd: this.root, maxBuffer: 64 << 20 }, (error, stdout) => (error ? fail(error) : done(stdout)));
      child.stdin!.end(revs.map((r) => `${r}^{commit}\n`).join(''));
    });
    const lines = out.split('\n');
    return revs.map((_, i) => /^([0-9a-f]{40,64}) commit$/.exec(lines[i] ?? '')?.[1] ?? null);
  }

  /** Of `shas`, those no other one contains (`git merge-base --independent`), in one git process. */
  async independent(shas: string[]): Promise<Set<string>> {
    if (shas.length <= 1) return new Set(shas);
    return new Set((await this.raw(['merge-base', '--independent', ...shas])).split('\n').map((l) => l.trim()).filter(Boolean));
  }

  /** What the index holds under `folder` (stage 0; unmerged paths are left out). */
  async indexListing(folder: string): Promise<TreeListing> {
    const out = await this.raw(['ls-files', '--stage', '-z', '--', pathspec(folder)]);
    const listing: TreeListing = new Map();
    for (const record of out.split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [, oid, stage] = record.slice(0, tab).split(' ');
      if (stage !== '0') continue;
      listing.set(under(folder, record.slice(tab + 1)), oid);
    }
    return listing;
  }

  /** What a commit's tree holds under `folder`; empty for the empty tree. */
  async commitListing(rev: string, folder: string): Promise<TreeListing> {
    const listing: TreeListing = new Map();
    if (rev === EMPTY_TREE) return listing;
    const out = await this.raw(['ls-tree', '-r', '-z', '--full-tree', rev, '--', pathspec(folder)]);
    for (const record of out.split('\0')) {
      if (!record) continue;
      const tab = record.indexOf('\t');
      const [, type, oid] = record.slice(0, tab).split(' ');
      if (type === 'blob') listing.set(under(folder, record.slice(tab + 1)), oid);
    }
    return listing;
  }

  indexSource(folder: string): Promise<FileSource> {
    return this.indexListing(folder).then((l) => treeSource('index', l, this.blobs));
  }

  commitSource(rev: string, folder: string): Promise<FileSource> {
    return this.commitListing(rev, folder).then((l) => treeSource(rev === EMPTY_TREE ? 'nothing' : rev.slice(0, 12), l, this.blobs));
  }

  /** Paths under `folders` that differ between `base` and the index (`head` undefined) or a commit. */
  async changes(base: string, head: string | undefined, folders: string[]): Promise<Change[]> {
    const args = ['diff', '--name-status', '-z', '--no-renames', '--no-ext-diff'];
    if (head === undefined) args.push('--cached', base);
    else args.push(base, head);
    const out = await this.raw([...args, '--', ...folders.map(pathspec)]);
    const parts = out.split('\0');
    const changes: Change[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      if (!parts[i]) break;
      changes.push({ status: parts[i][0] as Change['status'], path: parts[i + 1] });
    }
    return changes;
  }

  /** Untracked and uncommitted paths under `folders` (work tree and index against HEAD). */
  async status(folders: string[]): Promise<StatusEntry[]> {
    const out = await this.raw(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', ...folders.map(pathspec)]);
    const entries: StatusEntry[] = [];
    const parts = out.split('\0');
    for (let i = 0; i < parts.length; i++) {
      const record = parts[i];
      if (!record) continue;
      entries.push({ code: record.slice(0, 2), path: record.slice(3) });
      if (record[0] === 'R' || record[0] === 'C') i++; // the next field is the rename source
    }
    return entries;
  }

  /** Remote-tracking branches (`refs/remotes/...`, without the symbolic `HEAD`), of one remote or all. */
  async remoteRefs(remote?: string): Promise<string[]> {
    const out = await this.raw(['for-each-ref', '--format=%(refname)', remote ? `refs/remotes/${remote}/` : 'refs/remotes/']);
    return out.split('\n').filter((r) => r && !r.endsWith('/HEAD'));
  }

  async isRemote(name: string): Promise<boolean> {
    const out = await this.raw(['remote']);
    return out.split('\n').includes(name);
  }

  /** Commits reachable from `sha` that no ref matching `not` has, and the boundary commits the remote already has. */
  async newCommits(sha: string, remote: string | undefined): Promise<{ commits: string[]; boundary: string[] }> {
    const out = await this.raw(['rev-list', '--boundary', sha, '--not', remote ? `--remotes=${remote}` : '--remotes']);
    const commits: string[] = [];
    const boundary: string[] = [];
    for (const line of out.split('\n')) {
      if (!line) continue;
      if (line.startsWith('-')) boundary.push(line.slice(1));
      else commits.push(line);
    }
    return { commits, boundary };
  }

  async mergeBase(a: string, b: string): Promise<string | null> {
    try {
      return (await this.raw(['merge-base', a, b])).trim() || null;
    } catch {
      return null;
    }
  }
}

/** Runs git in `cwd` and resolves with its stdout; a non-zero exit rejects with git's own message. */
function runGit(cwd: string, args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    execFile('git', args, { cwd, maxBuffer: 1 << 30 }, (error, stdout, stderr) => {
      if (!error) return done(stdout);
      fail(new Error(String(stderr).trim() || error.message));
    });
  });
}

/** A literal pathspec: folder names with `*` or `:` must not be read as patterns or magic. */
function pathspec(folder: string): string {
  return folder ? `:(literal)${folder}` : '.';
}

function under(folder: string, path: string): string {
  return folder ? path.slice(folder.length + 1) : path;
}
