import type { Target } from '../config/targets.js';
import { runRules } from '../engine/run-rules.js';
import { openFolder } from '../systems/open-folder.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { Oracle } from '../generator/oracle.js';
import { EMPTY_TREE, type Repo } from '../git/repo.js';
import { treeSource, type TreeListing } from '../git/tree-source.js';
import { createCheckContext } from '../rules/check-context.js';
import { gitEditedMigration } from '../rules/git-edited-migration.js';
import { staticRules } from '../rules/index.js';
import { journalNotAppendOnly } from '../rules/journal-not-append-only.js';
import { sqlCustomMigration } from '../rules/sql-custom-migration.js';
import { sqlNotGenerated } from '../systems/drizzle-journal/generator-check.js';
import type { Finding } from '../types.js';
import { changedHistory, isHistoryFile, tagOfPath, v1TagOfPath, type RangeContext } from './range-context.js';
import { upgradeMoves } from '../systems/drizzle-folders/converted-from.js';

/** The rules that judge a change of a migrations folder between two git states. */
export const rangeRules = [gitEditedMigration, journalNotAppendOnly, sqlNotGenerated, sqlCustomMigration];

export interface RangeInput {
  repo: Repo;
  target: Target;
  /** Commit the change starts from (HEAD, or what the remote has); EMPTY_TREE for nothing. */
  base: string;
  baseName: string;
  /** The change: the index, or a commit. */
  head: { index: true } | { commit: string };
  /** What is on a remote (immutable): everything in base, or only what remote-tracking refs hold. */
  onRemote: 'all' | { paths: Set<string>; tags: Set<string> };
  oracle?: Oracle;
  customMigrations: 'allow' | 'warn' | 'forbid';
  now: number;
  whenSkewMs: number;
}

export interface RangeOutcome {
  findings: Finding[];
  folder: MigrationFolder;
  judged: Set<string>;
}

/** Files and journal tags of a folder on every remote-tracking branch: what may no longer change. */
export async function remoteHistory(repo: Repo, folder: string): Promise<{ paths: Set<string>; tags: Set<string> }> {
  const paths = new Set<string>();
  const tags = new Set<string>();
  for (const ref of await repo.remoteRefs()) {
    const listing = await repo.commitListing(ref, folder);
    for (const path of listing.keys()) {
      paths.add(path);
      // drizzle-kit 1.0: a migration folder on a remote is as fixed as a journal entry there.
      const folderName = v1TagOfPath(path);
      if (folderName) tags.add(folderName);
    }
    const journal = listing.get('meta/_journal.json');
    const data = journal ? await repo.blobs.read(journal) : null;
    try {
      for (const e of JSON.parse(data?.toString('utf8') ?? '{}').entries ?? []) if (typeof e?.tag === 'string') tags.add(e.tag);
    } catch {
      // an unparsable journal on a remote protects nothing by tag; its files are still protected by path
    }
  }
  return { paths, tags };
}

/** Judges one folder's change from `base` to `head`: new static findings, edits of history, journal rewrites,
 * and whether new migrations are generator-made. */
export async function judgeRange(input: RangeInput): Promise<RangeOutcome> {
  const { repo, target } = input;
  const folderPath = repo.rel(target.outDir);
  const [baseListing, headListing]: TreeListing[] = await Promise.all([
    repo.commitListing(input.base, folderPath),
    'index' in input.head ? repo.indexListing(folderPath) : repo.commitListing(input.head.commit, folderPath),
  ]);
  // openFolder detects the layout (0.x journal or drizzle-kit 1.0 folders) as `check` does.
  const load = (name: string, listing: TreeListing) => openFolder(target, treeSource(name, listing, repo.blobs));
  const [base, head] = await Promise.all([load(input.base === EMPTY_TREE ? 'nothing' : input.baseName, baseListing), load('index' in input.head ? 'index' : input.head.commit, headListing)]);

  const onRemote = input.onRemote;
  const immutable = (path: string) => onRemote === 'all' || onRemote.paths.has(path);
  const immutableTag = (tag: string) => onRemote === 'all' || onRemote.tags.has(tag);

  // Under judgement: migrations new in head, and those whose files or entry changed where that is allowed.
  const baseTags = new Set(base.migrations.map((m) => m.tag));
  const judged = new Set(head.migrations.filter((m) => !baseTags.has(m.tag)).map((m) => m.tag));
  for (const { path } of changedHistory({ base, baseListing, headListing })) {
    const tag = tagOfPath(base, path);
    if (tag && !immutable(path)) judged.add(tag);
  }
  // The drizzle-kit up commit: migrations moved from the 0.x base are history, not new migrations (one edited on the
  // way is git/edited-migration when it was pushed; an unpushed one is judged as new).
  for (const [tag, move] of upgradeMoves({ base, head, baseListing, headListing }) ?? []) {
    if (move.sqlUnchanged || (move.sqlMoved && immutable(`${tag}.sql`))) judged.delete(move.folder);
  }
  const headByTag = new Map(head.migrations.map((m) => [m.tag, m]));
  for (const m of base.migrations) {
    const now = headByTag.get(m.tag);
    if (now && !immutableTag(m.tag) && (now.when !== m.when || now.index !== m.index)) judged.add(m.tag);
  }

  const ctx: RangeContext = {
    base, head, baseListing, headListing, baseName: input.baseName, immutable, immutableTag, judged,
    oracle: input.oracle, customMigrations: input.customMigrations, projectRoot: target.root,
  };
  const checkOptions = { now: input.now, whenSkewMs: input.whenSkewMs };
  const [before, after, range] = await Promise.all([
    runRules(staticRules, createCheckContext(base, { ...checkOptions, onlyTags: new Set() }), target.label),
    runRules(staticRules, createCheckContext(head, { ...checkOptions, onlyTags: judged }), target.label),
    runRules(rangeRules, ctx, target.label),
  ]);
  // Only what this change introduces: a finding the base already had is not the committer's doing.
  const known = new Set(before.map((f) => f.fingerprint));
  return { findings: [...after.filter((f) => !known.has(f.fingerprint)), ...range], folder: head, judged };
}

export { isHistoryFile };
