import { EMPTY_TREE, ZERO_SHA, type Repo } from '../git/repo.js';

/** One line git gives a pre-push hook on stdin. */
export interface RefUpdate {
  localRef: string;
  localSha: string;
  remoteRef: string;
  remoteSha: string;
}

/** What one pushed ref asks us to judge: the commit pushed and what the remote already has to compare against. */
export interface PushRange {
  ref: string;
  head: string;
  base: string;
  baseName: string;
}

export function parseRefUpdates(stdin: string): RefUpdate[] {
  return stdin
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length === 4)
    .map(([localRef, localSha, remoteRef, remoteSha]) => ({ localRef, localSha, remoteRef, remoteSha }));
}

const short = (ref: string) => ref.replace(/^refs\/(heads|tags)\//, '');

/** The remote's default branch as a remote-tracking ref, when known. */
async function defaultBranch(repo: Repo, remote: string): Promise<string | null> {
  for (const ref of [`refs/remotes/${remote}/HEAD`, `refs/remotes/${remote}/main`, `refs/remotes/${remote}/master`]) {
    if (await repo.commit(ref)) return ref;
  }
  return null;
}

/** Turns ref updates into ranges. Deletions and pushes of commits the remote already has need no judgement. */
export async function pushRanges(repo: Repo, remote: string, updates: RefUpdate[]): Promise<{ ranges: PushRange[]; skipped: string[] }> {
  const named = await repo.isRemote(remote);
  const ranges: PushRange[] = [];
  const skipped: string[] = [];
  for (const u of updates) {
    const name = short(u.remoteRef);
    if (ZERO_SHA.test(u.localSha)) {
      skipped.push(`${name}: deleted`);
      continue;
    }
    const head = await repo.commit(u.localSha);
    if (!head) {
      skipped.push(`${name}: not a commit`);
      continue;
    }
    // An existing remote ref we have locally: what the remote has is exactly that commit (also on a force-push).
    if (!ZERO_SHA.test(u.remoteSha) && (await repo.commit(u.remoteSha))) {
      if (u.remoteSha === head) skipped.push(`${name}: up to date`);
      else ranges.push({ ref: name, head, base: u.remoteSha, baseName: `${remote}/${name}` });
      continue;
    }
    // A new branch or tag (or a remote ref we never fetched): commits no remote-tracking ref has yet.
    const { commits, boundary } = await repo.newCommits(head, named ? remote : undefined);
    if (commits.length === 0) {
      skipped.push(`${name}: its commits are already on ${remote}`);
      continue;
    }
    const main = named ? await defaultBranch(repo, remote) : null;
    const mergeBase = main ? await repo.mergeBase(head, main) : null;
    if (mergeBase) ranges.push({ ref: name, head, base: mergeBase, baseName: short(main!.replace(/^refs\/remotes\//, '')) });
    else if (boundary[0]) ranges.push({ ref: name, head, base: boundary[0], baseName: `${remote} (${boundary[0].slice(0, 7)})` });
    else ranges.push({ ref: name, head, base: EMPTY_TREE, baseName: 'nothing (first push)' });
  }
  return { ranges, skipped };
}
