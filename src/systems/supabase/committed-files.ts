/** File names of a migrations folder in the HEAD commit, or undefined outside git (no HEAD, not a repository). */
export async function committedFiles(outDir: string): Promise<Set<string> | undefined> {
  const { Repo } = await import('../../git/repo.js');
  let repo;
  try {
    repo = await Repo.open(outDir);
  } catch {
    return undefined;
  }
  try {
    if (!(await repo.commit('HEAD'))) return undefined;
    const listing = await repo.commitListing('HEAD', repo.rel(outDir));
    return new Set([...listing.keys()].filter((path) => !path.includes('/')));
  } finally {
    repo.close();
  }
}
