import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hookRepoFactory } from '../helpers/git-repo.js';

// Issue 11: pre-push with 2,000 tags took 114 s. Its cost must not grow with the number of refs the remote has (or
// the number of tags pushed that point at commits the remote already has). Real `git push` through the hook.
const SCHEMA_V2 = `export const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name'), email: text('email') });\n`;
let factory: Awaited<ReturnType<typeof hookRepoFactory>>;
beforeAll(async () => {
  factory = await hookRepoFactory({ prepared: { email: SCHEMA_V2 } });
});
afterAll(() => factory?.dispose());

const TAGS = 2000;
/** `git fast-import` input: TAGS commits in a row on top of `from`, each tagged `<prefix><i>` (a release per tag). */
const taggedCommits = (prefix: string, from: string) =>
  Array.from({ length: TAGS }, (_, i) =>
    `commit refs/tags/${prefix}${i}\nmark :${i + 1}\ncommitter T <t@e> ${1_700_000_000 + i} +0000\ndata 3\nr${String(i % 10)}\n${i === 0 ? `from ${from}` : `from :${i}`}\n\n`,
  ).join('');

describe('pre-push cost does not depend on how many refs the remote has', () => {
  it(`a remote with ${TAGS} tags: pushing a branch, and pushing ${TAGS} more tags, each take about as long as with none`, async () => {
    const repo = factory.make();
    // What is measured is the ref handling: the replay and the typecheck are other benches' business.
    repo.env.DRIFTGATE_SKIP = 'db,typecheck';
    const timePush = (args: string[]) => {
      const t0 = performance.now();
      const r = repo.git(['push', ...args]);
      return { ...r, ms: performance.now() - t0 };
    };
    // Baseline: a branch with a new migration, pushed to a remote with no tags.
    repo.ok(['checkout', '-q', '-b', 'first']);
    repo.apply('email');
    repo.ok(['add', '-A']);
    repo.ok(['commit', '-q', '-m', 'email']);
    const small = timePush(['origin', 'first']);
    expect(small.code, small.out).toBe(0);

    const head = repo.ok(['rev-parse', 'HEAD']).trim();
    expect(repo.git(['fast-import', '--quiet'], { input: taggedCommits('old-', head) }).code).toBe(0);
    const seed = repo.git(['push', '-q', '--no-verify', 'origin', '--tags']);
    expect(seed.code, seed.out).toBe(0);
    expect(repo.ok(['ls-remote', '--tags', 'origin']).trim().split('\n')).toHaveLength(TAGS);

    repo.ok(['checkout', '-q', '-b', 'second']);
    repo.ok(['commit', '-q', '--allow-empty', '-m', 'second']);
    const big = timePush(['origin', 'second']);
    expect(big.code, big.out).toBe(0);
    expect(big.out).toContain('pre-push: 1 ref checked');

    // 2,000 new tags at once, each on its own new commit.
    expect(repo.git(['fast-import', '--quiet'], { input: taggedCommits('new-', head) }).code).toBe(0);
    const tags = timePush(['origin', '--tags']);
    expect(tags.code, tags.out).toBe(0);
    // Judged, not skipped: the newest tag's range holds every commit of the 2,000 (the others are within it).
    expect(tags.out).toContain('pre-push: 1 ref checked');
    console.log(`push: ${small.ms.toFixed(0)} ms (no tags), ${big.ms.toFixed(0)} ms (remote has ${TAGS} tags), ${tags.ms.toFixed(0)} ms (${TAGS} tags pushed)`);
    expect(big.ms).toBeLessThan(small.ms * 2 + 2000);
    expect(tags.ms).toBeLessThan(small.ms * 3 + 5000);
  }, 300_000);
});
