import type { Target } from '../config/targets.js';
import { runRules } from '../engine/run-rules.js';
import { systemOf } from '../systems/index.js';
import { openFolder } from '../systems/open-folder.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { GeneratorPool } from '../systems/generator-pool.js';
import { EMPTY_TREE, type Repo } from '../git/repo.js';
import { treeSource, type TreeListing } from '../git/tree-source.js';
import { createCheckContext } from '../rules/check-context.js';
import { gitEditedMigration } from '../rules/git-edited-migration.js';
import { SYSTEMS } from '../systems/index.js';
import { journalNotAppendOnly } from '../rules/journal-not-append-only.js';
import { sqlCustomMigration } from '../rules/sql-custom-migration.js';
import { sqlNotGenerated } from '../rules/sql-not-generated.js';
import type { Finding } from '../types.js';
import { DEFAULT_POSTGRES_VERSION, type SafetyScope } from '../safety/safety-scope.js';
import { baseTagOfPath, changedHistory, conversionMoves } from './history-files.js';
import type { RangeContext } from './range-context.js';
import { fixedBecause } from '../messages.js';
import { explainUnstaged } from './unstaged-files.js';

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
  onRemote: 'all' | RemoteHistory;
  /** Where the head folder's generator comes from, for sql/not-generated; absent: no generator check. */
  generators?: GeneratorPool;
  customMigrations: 'allow' | 'warn' | 'forbid';
  now: number;
  whenSkewMs: number;
  /** The safety rules' Postgres major version (driftgate config `safety.postgresVersion`). */
  postgresVersion?: number;
}

export interface RangeOutcome {
  findings: Finding[];
  folder: MigrationFolder;
  judged: Set<string>;
}

/** Files and migration tags of a folder on every remote-tracking branch: what may no longer change. Every system
 * names the tags its layout holds (a listing is read without knowing whose folder it was). */
export async function remoteHistory(repo: Repo, folder: string): Promise<RemoteHistory> {
  const paths = new Set<string>();
  const tags = new Set<string>();
  const refOf = new Map<string, string>();
  const add = (set: Set<string>, key: string, ref: string) => (set.add(key), refOf.has(key) || refOf.set(key, ref.replace(/^refs\/remotes\//, '')));
  const read = (oid: string) => repo.blobs.read(oid);
  for (const ref of await repo.remoteRefs()) {
    const listing = await repo.commitListing(ref, folder);
    for (const path of listing.keys()) add(paths, path, ref);
    for (const system of SYSTEMS) for (const tag of await system.tagsOfListing(listing, read)) add(tags, tag, ref);
  }
  return { paths, tags, refOf };
}

/** Files and journal tags on remote-tracking branches, and the first branch found holding each (for messages). */
export interface RemoteHistory {
  paths: Set<string>;
  tags: Set<string>;
  refOf: Map<string, string>;
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
  // openFolder detects the folder's system as `check` does.
  const load = (name: string, listing: TreeListing) => openFolder(target, treeSource(name, listing, repo.blobs));
  const [base, head] = await Promise.all([load(input.base === EMPTY_TREE ? 'nothing' : input.baseName, baseListing), load('index' in input.head ? 'index' : input.head.commit, headListing)]);

  const onRemote = input.onRemote;
  const immutable = (path: string) => onRemote === 'all' || onRemote.paths.has(path);
  const immutableTag = (tag: string) => onRemote === 'all' || onRemote.tags.has(tag);

  // Under judgement: migrations new in head, and those whose files or entry changed where that is allowed.
  const baseTags = new Set(base.migrations.map((m) => m.tag));
  const judged = new Set(head.migrations.filter((m) => !baseTags.has(m.tag)).map((m) => m.tag));
  for (const { path } of changedHistory({ base, baseListing, headListing })) {
    const tag = baseTagOfPath({ base }, path);
    if (tag && !immutable(path)) judged.add(tag);
  }
  // A conversion commit (drizzle-kit up): migrations moved from the base are history, not new migrations (one edited
  // on the way is git/edited-migration when it was pushed; an unpushed one is judged as new).
  for (const move of conversionMoves({ base, head, baseListing, headListing })?.values() ?? []) {
    if (move.sqlUnchanged || (move.sqlMoved && immutable(move.baseSqlPath))) judged.delete(move.tag);
  }
  const headByTag = new Map(head.migrations.map((m) => [m.tag, m]));
  for (const m of base.migrations) {
    const now = headByTag.get(m.tag);
    if (now && !immutableTag(m.tag) && (now.when !== m.when || now.index !== m.index)) judged.add(m.tag);
  }

  const ctx: RangeContext = {
    base, head, baseListing, headListing, baseName: input.baseName, immutable, immutableTag, judged,
    fixedBecause: (pathOrTag) => fixedBecause(input.baseName, onRemote === 'all' ? undefined : onRemote.refOf.get(pathOrTag)),
    generator: judged.size ? await input.generators?.get(systemOf(head), target.root) : undefined,
    customMigrations: input.customMigrations, projectRoot: target.root,
  };
  const checkOptions = { now: input.now, whenSkewMs: input.whenSkewMs };
  const [before, after, range] = await Promise.all([
    runRules(systemOf(base).rules, createCheckContext(base, { ...checkOptions, onlyTags: new Set() }), target.label),
    runRules(systemOf(head).rules, createCheckContext(head, { ...checkOptions, onlyTags: judged, safety: safetyScope(input, head, judged) }), target.label),
    runRules(rangeRules, ctx, target.label),
  ]);
  // Only what this change introduces: a finding the base already had is not the committer's doing.
  const known = new Set(before.map((f) => f.fingerprint));
  const introduced = explainUnstaged(after.filter((f) => !known.has(f.fingerprint)), { repo, target, head, headListing, headName: 'index' in input.head ? 'index' : 'commit' });
  return { findings: [...introduced, ...range], folder: head, judged };
}

/** The safety rules judge the change's migrations; what they create is new, and so is what migrations committed but
 * on no remote yet created (no database was migrated from them): an index on a table made two local commits ago is
 * not a lock hazard. Without any remote history, only the change itself is new. */
function safetyScope(input: RangeInput, head: MigrationFolder, judged: Set<string>): SafetyScope {
  const { onRemote } = input;
  const remoteKnown = onRemote !== 'all' && (onRemote.tags.size > 0 || onRemote.paths.size > 0);
  const fresh = remoteKnown ? new Set([...judged, ...head.migrations.filter((m) => !onRemote.tags.has(m.tag)).map((m) => m.tag)]) : judged;
  return { judged, fresh, each: false, postgresVersion: input.postgresVersion ?? DEFAULT_POSTGRES_VERSION };
}
