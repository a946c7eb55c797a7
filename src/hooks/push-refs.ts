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

/** Turns ref updates into ranges. Deletions and pushes of commits the remote already has need no judgement. The
 * cost follows the number of distinct histories pushed, not the number of refs: one git process resolves every
 * pushed sha, and a new ref whose commit another new ref of the same push contains (2,000 release tags along one
 * branch) is judged as part of that ref — every migration it adds is in the other's range too. */
export async function pushRanges(repo: Repo, remote: string, updates: RefUpdate[]): Promise<{ ranges: PushRange[]; skipped: string[] }> {
  const named = await repo.isRemote(remote);
  const ranges: PushRange[] = [];
  const skipped: string[] = [];
  const live = updates.filter((u) => {
    if (ZERO_SHA.test(u.localSha)) skipped.push(`${short(u.remoteRef)}: deleted`);
    return !ZERO_SHA.test(u.localSha);
  });
  const resolved = await repo.commits(live.flatMap((u) => [u.localSha, ZERO_SHA.test(u.remoteSha) ? u.localSha : u.remoteSha]));
  const fresh: { name: string; head: string }[] = [];
  live.forEach((u, i) => {
    const name = short(u.remoteRef);
    const head = resolved[2 * i];
    if (!head) return void skipped.push(`${name}: not a commit`);
    // An existing remote ref we have locally: what the remote has is exactly that commit (also on a force-push).
    if (!ZERO_SHA.test(u.remoteSha) && resolved[2 * i + 1]) {
      if (u.remoteSha === head) skipped.push(`${name}: up to date`);
      else ranges.push({ ref: name, head, base: u.remoteSha, baseName: `${remote}/${name}` });
      return;
    }
    fresh.push({ name, head }); // a new branch or tag (or a remote ref we never fetched)
  });
  const tips = await repo.independent([...new Set(fresh.map((f) => f.head))]);
  const outcome = new Map<string, string>(); // tip → the skip reason it got, or `within <ref>` for those sharing it
  let main: string | null | undefined;
  const onRemote = `its commits are already on ${remote}`;
  for (const { name, head } of fresh) {
    if (!tips.has(head) || outcome.has(head)) continue;
    // Commits no remote-tracking ref has yet.
    const { commits, boundary } = await repo.newCommits(head, named ? remote : undefined);
    if (commits.length === 0) {
      outcome.set(head, onRemote);
      continue;
    }
    outcome.set(head, `within ${name}`);
    if (main === undefined) main = named ? await defaultBranch(repo, remote) : null;
    const mergeBase = main ? await repo.mergeBase(head, main) : null;
    if (mergeBase) ranges.push({ ref: name, head, base: mergeBase, baseName: short(main!.replace(/^refs\/remotes\//, '')) });
    else if (boundary[0]) ranges.push({ ref: name, head, base: boundary[0], baseName: `${remote} (${boundary[0].slice(0, 7)})` });
    else ranges.push({ ref: name, head, base: EMPTY_TREE, baseName: 'nothing (first push)' });
  }
  // Every other new ref: the same commit as a tip, or contained in one (on the remote already when every tip is).
  const judged = new Set(ranges.map((r) => r.ref));
  const allOnRemote = [...outcome.values()].every((o) => o === onRemote);
  for (const { name, head } of fresh) {
    if (judged.has(name)) continue;
    skipped.push(`${name}: ${outcome.get(head) ?? (allOnRemote ? onRemote : 'within another pushed ref')}`);
  }
  return { ranges, skipped };
}
