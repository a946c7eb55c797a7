import type { Target } from '../config/targets.js';
import type { CatalogScope } from '../db/catalog-scope.js';
import type { CatalogModel } from '../db/catalog-model.js';
import type { DatabaseVerdict } from '../db/database-verdict.js';
import type { DbRuleContext } from '../db/db-rules.js';
import type { SqlClient } from '../db/sql-client.js';
import type { EmbeddedPg } from '../embedded/host/worker-host.js';
import type { ReplayOutcome } from '../embedded/replay-outcome.js';
import type { FileSource } from '../folder/file-source.js';
import type { Migration, MigrationFolder } from '../folder/migration-folder.js';
import type { TreeListing } from '../git/tree-source.js';
import type { RangeContext } from '../hooks/range-context.js';
import type { CheckContext } from '../rules/check-context.js';
import type { SchemaContext } from '../schema/schema-context.js';
import type { Finding, Rule, RuleFinding } from '../types.js';
import type { GeneratorSession } from './generator-session.js';

/** Stable id of a migration system; also `MigrationFolder.system` and `Target.system`. */
export type SystemId = string;

/** One migration tool's way of keeping history (drizzle-kit 0.x's journal, drizzle-kit 1.0's folders, Prisma
 * Migrate, Supabase CLI). Everything outside `src/systems/<id>/` reaches a folder's tool through this interface
 * only: the commands, hooks, rules, verify and the replay never ask which system a folder is. Optional members are
 * capabilities a system may lack; a caller treats a missing one as "nothing to check". Implementations keep heavy
 * modules (engines, migrators, PGlite) behind `import()` inside their members: the registry imports every system
 * on every run, and a hook with nothing to judge must start instantly. */
export interface MigrationSystem {
  id: SystemId;
  /** The tool, as messages and docs name it: "drizzle-kit 0.x", "Prisma Migrate". */
  tool: string;
  /** How a user writes a new migration with the tool, for fix texts: "drizzle-kit generate, or generate --custom". */
  newMigration: string;

  // --- the folder -------------------------------------------------------------------------------------------
  /** Whether a folder is this system's: a cheap look at its listing (no file contents). The registry asks the
   * systems in order and the first yes wins; `Target.system` (set by the config that found the folder) skips it. */
  detect(source: FileSource): Promise<boolean>;
  /** Reads the folder into the common model (`MigrationFolder`): migrations in apply order, with their SQL paths.
   * Problems of the folder itself go to `journalProblems` (reported as journal/invalid). Never throws on bad input. */
  load(source: FileSource, target: Target): Promise<MigrationFolder>;
  /** Paths (relative to a directory) that mark it as a project of this system, for the upward search from a
   * sub-folder (drizzle.config.* marks drizzle projects). */
  projectMarkers?: string[];
  /** Targets this system finds in a project directory by itself, from its own config or default locations
   * (schema.prisma, supabase/config.toml), next to any drizzle config. Absent: found only through a drizzle config
   * or --out. */
  findTargets?(cwd: string): Promise<Target[]>;
  /** The rules of this system's folder format (check and pre-commit); the SQL rules of src/rules run on every
   * system besides these. Two systems may each have a rule with one id (snapshot/chain): it means one problem. */
  rules: Rule<CheckContext>[];

  // --- git (pre-commit, pre-push) ---------------------------------------------------------------------------
  /** Whether a path (relative to the folder) is generated history whose edit git/edited-migration judges. */
  isHistoryFile(path: string): boolean;
  /** The migration a history path of `folder` belongs to. */
  tagOfPath(folder: MigrationFolder, path: string): string | undefined;
  /** Migration tags a folder listing of another commit holds (what a remote already has), read cheaply. */
  tagsOfListing(listing: TreeListing, read: (oid: string) => Promise<Buffer | null>): Promise<string[]>;
  /** The files that make up one migration (relative to the folder), as the tool's generator writes them: what a
   * hook tells the user to `git add`. Absent: the SQL file alone. */
  migrationFiles?(folder: MigrationFolder, migration: Migration): string[];
  /** When `base` was another system's folder and this commit converted it (drizzle-kit up): head tags that are
   * moved history, by base tag — not new migrations. Absent: a conversion is judged like any change. */
  convertedFrom?(ctx: Pick<RangeContext, 'base' | 'head' | 'baseListing' | 'headListing'>): Map<string, ConvertedMigration> | null;
  /** sql/custom-migration: judged migrations the tool's sanctioned escape hatch wrote (drizzle-kit generate --custom).
   * Absent: the tool has no such notion. */
  customMigrations?(ctx: RangeContext): Promise<Migration[]>;
  /** Starts the project's generator for a project root (drizzle-kit in a worker process), shared by the
   * generatorCheck and schemaCheck of one run and closed at its end; they get it back as `ctx.generator`. Hooks
   * start it early, while git is read. Absent: the checks need no running generator. */
  startGenerator?(root: string): Promise<GeneratorSession>;
  /** sql/not-generated: regenerate each judged migration with the project's generator and report hand edits.
   * Absent: the system has no generator to compare with. */
  generatorCheck?(ctx: RangeContext): Promise<RuleFinding[]>;
  /** Whether a staged file (its path, as lint-staged passes it) is one the generator check or the schema check may
   * need the generator for, by its name alone: pre-commit starts `startGenerator` before the project loads only for
   * such files. Absent: any staged file may. */
  generatorInput?(path: string): boolean;

  // --- the expected schema ----------------------------------------------------------------------------------
  /** schema/out-of-sync: the project's schema source against the state the folder ends in (a snapshot, a
   * reconstructed state, an engine's diff). Absent: the system keeps no schema source to compare. */
  schemaCheck?(ctx: SchemaContext, schemaFiles: string[]): Promise<RuleFinding[]>;
  /** The schema check reads the target's schema files and migrations folder only (no imports, no generator): a
   * push that changes neither cannot change its verdict, so pre-push does not run it again. */
  schemaSelfContained?: boolean;

  /** The schema the folder declares at its newest migration (a snapshot, a state rebuilt from snapshots), for a
   * project that keeps it beside another tool's migrations (supabase/schema-mismatch compares the two). Absent: the
   * system declares nothing besides its migrations' SQL. */
  declaredSchema?(folder: MigrationFolder, target: Target): Promise<DeclaredSchema | undefined>;

  // --- a database (verify --db, and after the embedded replay) ----------------------------------------------
  /** Reads the tracking table, judges it against the folder the way the tool's migrator would (db/pending,
   * db/skipped-migration, …), and compares the live schema with the schema the APPLIED migrations describe. */
  verifyDatabase(client: SqlClient, folder: MigrationFolder, opts: VerifyDatabaseOptions): Promise<DatabaseVerdict>;

  // --- the embedded replay (verify without a database) ------------------------------------------------------
  /** Before embedded Postgres starts: what replaying this folder needs (the project's migrator, the files as it
   * reads them), or why it cannot run (a note; a static rule names the cause). */
  prepareReplay(target: Target, folder: MigrationFolder, opts: ReplayRequest): Promise<PreparedReplay | { note: string }>;
  /** Rules for findings this system's replay adds besides replay/failed and replay/diverges (listed, overridable). */
  replayRules?: Rule<DbRuleContext>[];

  // --- optional extras --------------------------------------------------------------------------------------
  /** `check --upgrade-preview`: what the tool's next format will make of this folder. */
  upgradePreview?(folder: MigrationFolder, ctx: { now: number; whenSkewMs: number; label: string }): Promise<{ findings: Finding[]; notes: string[] }>;
  /** The rules upgradePreview runs (listed by `driftgate rules`, counted in the run's stats). */
  upgradeRules?: Rule<unknown>[];
}

/** A schema as a tool declares it, normalised like the catalog (compareSchema's `expected`). */
export interface DeclaredSchema {
  /** Names the source in messages: "the Drizzle snapshot drizzle/meta/0003_snapshot.json". */
  label: string;
  /** Short name of the tool's side, for notes: "Drizzle snapshot (drizzle/meta/0003_snapshot.json)". */
  short: string;
  expected: CatalogModel;
  /** How to change that side, for fix texts: "change the Drizzle schema and run drizzle-kit generate". */
  changeIt: string;
}

export interface VerifyDatabaseOptions {
  /** --strict: pending migrations are errors; extra objects are reported. */
  strict?: boolean;
  /** Called once the catalog queries are issued, so the caller's CPU work overlaps the server's. */
  whileIntrospecting?: () => void;
  /** The database's URL and the target, for a system whose expected schema comes from an engine that opens its own
   * (read-only) connection. */
  url?: string;
  target?: Target;
  /** Read and compare only this part of the schema (the embedded replay on a restored state, ReplayOutcome.scope:
   * the rest was checked on the cached state). A system that honours it says so (DatabaseVerdict.scoped). */
  scope?: CatalogScope;
}

export interface ReplayRequest {
  /** The folder on disk when it is the work tree the folder was read from: the project's own reader may read it. */
  outDir?: string;
  /** --from <tag>: start from that migration's state instead of an empty database (where the system can). */
  from?: string;
  /** The schema another tool's folder beside this target declares (see `declaredSchema`), asked by the caller: a
   * system never reaches into the registry for the others. */
  declaredBeside?(): Promise<DeclaredSchema | undefined>;
}

/** What the runtime set up before the first migration. */
export interface ReplayContext {
  /** Schemas a platform preamble provides (Supabase's auth, storage, …): their objects are not the migrations'. */
  platformSchemas: string[];
  /** Trace the deploy of these migrations (the safety rules' new ones): the history before the first of them is
   * applied in one migrator run, they in a second, and the locks and rewrites of each statement are recorded. */
  trace?: { fresh: Set<string> };
  /** How many migrations (a prefix) the database already holds, restored from the replay cache: the migrator
   * starts at the next one. */
  restored?: number;
}

/** A replay ready to run on a fresh embedded Postgres: applies every migration as the tool's migrator does and
 * compares each step with the schema the folder expects there (replay/diverges, replay/failed). */
export interface PreparedReplay {
  run(pg: EmbeddedPg, context?: ReplayContext): Promise<ReplayOutcome>;
  /** What applies the migrations (tool and version): part of the replay cache's key, since another migrator may
   * leave another state. */
  migrator?: string;
  /** What each step was compared with, for the note: "snapshots", "reconstructed snapshots". */
  comparedWith: string;
  /** Extra notes (e.g. an option this system ignores). */
  notes: string[];
}

/** Where a format conversion (drizzle-kit up) put one migration of the base (see `convertedFrom`). */
export interface ConvertedMigration {
  /** Its tag in head. */
  tag: string;
  /** Head's SQL path (relative to the folder). */
  sqlPath: string;
  /** Base's SQL path. */
  baseSqlPath: string;
  /** Head's SQL is base's, byte for byte (git blob id). */
  sqlUnchanged: boolean;
  /** Head has its SQL (moved, perhaps edited on the way). */
  sqlMoved: boolean;
  /** Head has its snapshot (a conversion may rewrite snapshots, so only presence counts). */
  snapshotMoved: boolean;
  /** The command that converts, for messages: "drizzle-kit up". */
  via: string;
}
