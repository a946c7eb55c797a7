import { staticFindings } from './check.js';
import { DatabaseFactsCollector, readDatabaseFacts } from './db/table-sizes.js';
import { judgesSafety, selectSafetyScope } from './safety/select-migrations.js';
import type { SqlClient } from './db/sql-client.js';
import { DB_RULES } from './db/db-rules.js';
import { withReadOnlyDatabase, type ConnectOptions } from './db/postgres-client.js';
import { connectionLabel, parseConnection } from './db/connection.js';
import type { DatabaseVerdict } from './db/database-verdict.js';
import { migrationStates, type MigrationState } from './db/migration-states.js';
import { timed } from './debug.js';
import { runRules } from './engine/run-rules.js';
import { DriftgateError } from './errors.js';
import type { Target } from './config/targets.js';
import type { MigrationFolder } from './folder/migration-folder.js';
import { openFolder } from './systems/open-folder.js';
import { databaseNoneLine, databaseUsedLine, replayingEmbedded, replaySkippedInvalidJournal, replaySkippedUnusableFile } from './messages.js';
import { sqlFileProblems } from './folder/file-problems.js';
import { databaseSources, noDatabaseReason } from './config/database-sources.js';
import type { Project } from './project.js';
import { systemOf } from './systems/index.js';
import { finishRun, type RunResult } from './result.js';
import type { Finding } from './types.js';
// type-only: the embedded module itself stays lazily loaded
import type { ReplayReport } from './embedded/verify-embedded.js';
import type { DeployTrace } from './embedded/trace-deploy.js';

export interface VerifyOptions {
  /** --db URLs (repeatable). */
  dbUrls?: string[];
  /** --embedded: replay on embedded Postgres even when a URL is configured. */
  embedded?: boolean;
  /** --from <tag>: the embedded replay starts from that migration's snapshot state (implies --embedded). */
  from?: string;
  /** --no-db: static checks (and the other steps) only. */
  noDb?: boolean;
  /** --strict: pending migrations are errors; extra objects in the database are reported. */
  strict?: boolean;
  connect: ConnectOptions;
  /** --statement-timeout given explicitly: also the embedded replay's per-statement limit. */
  replayStatementTimeoutMs?: number;
  baseline?: boolean;
  now?: number;
  /** Environment to read DATABASE_URL from (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Only the database checks: the pre-push hook runs the static rules, schema and typecheck as its own steps. */
  databaseOnly?: boolean;
  /** Why noDb (for the "database: none (…)" line). Default "--no-db". */
  noDbReason?: string;
  /** Checks not to run (DRIFTGATE_SKIP names: schema, typecheck). */
  skip?: Set<string>;
}

/** One database checked against one migrations folder, for the report. */
export interface DatabaseReport extends DatabaseVerdict {
  /** Display name, never with the password: `user@host:port/db`. */
  database: string;
  /** The migrations folder label. */
  folder: string;
  /** `target` label its findings carry. */
  target: string;
  /** The environment's name (`--db staging=URL`, driftgate config `databases`). */
  name?: string;
  /** Migrations of the folder that are not simply applied here, by tag: what the per-environment report shows. */
  migrations: Record<string, MigrationState>;
}

export interface VerifyResult extends RunResult {
  databases: DatabaseReport[];
  replays: ReplayReport[];
}

/** Which URLs to check each target against: --db, else DATABASE_URL, else the target's dbCredentials. */
export function databaseUrls(project: Project, opts: Pick<VerifyOptions, 'dbUrls' | 'env'>): Map<string, string[]> {
  return new Map(project.targets.map((target) => [target.label, databaseSources(target, { ...opts, named: project.config.databases }).map((s) => s.url)]));
}

/** "database: none (drizzle.config.ts dbCredentials.url is empty: POSTGRES_URL is not set) — replaying on embedded
 * Postgres": one line per target (prefixed with its folder when there are several). */
export function noDatabaseLines(project: Project, reason: ((target: Target) => string) | string, instead: string): string[] {
  const lines = project.targets.map((t) => databaseNoneLine(typeof reason === 'string' ? reason : reason(t), instead));
  if (typeof reason === 'string' || project.targets.length === 1) return lines.slice(0, 1);
  return lines.map((line, i) => `${project.targets[i].label}: ${line}`);
}

/** `driftgate verify`: static rules + (seams: schema/out-of-sync, typecheck) + every configured database, or the
 * embedded replay when none is configured. Returns findings; never prints. */
export async function verify(project: Project, opts: VerifyOptions): Promise<VerifyResult> {
  const started = performance.now();
  // Each folder is read once per run, shared by the static rules and the database checks.
  const folders = new Map<string, Promise<MigrationFolder>>();
  const folderOf = (target: Target) => {
    if (!folders.has(target.label)) folders.set(target.label, openFolder(target));
    return folders.get(target.label)!;
  };
  // The static rules (CPU) run while the server executes the catalog queries: wall time is the longer of the two, not
  // the sum. They start once the first database's queries are written (postgres.js writes in a setImmediate; two
  // turns later the socket has them) — or after the databases, when there was nothing to introspect. Their findings
  // still come first.
  // The safety rules size each table from the databases checked below (issue 14); settled after the last one.
  const dbFacts = new DatabaseFactsCollector();
  // The embedded replay's trace of the new migrations (locks taken, tables rewritten) for the lock rules.
  let traces = new Map<string, DeployTrace>();
  let startStatic!: () => void;
  const staticRun = new Promise<void>((resolve) => (startStatic = resolve)).then(() =>
    opts.databaseOnly ? { findings: [] as Finding[], migrations: 0 } : staticFindings(project, opts.now, folderOf, { databaseFacts: (t) => dbFacts.of(t.label), traces: (t) => traces.get(t.label) }),
  );
  staticRun.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile
  const whileIntrospecting = () => setImmediate(() => setImmediate(startStatic));
  const raw: Finding[] = [];
  const notes: string[] = [];
  const databases: DatabaseReport[] = [];
  const replays: ReplayReport[] = [];

  // Issue 3: schema/out-of-sync and the typecheck, running while the databases are checked.
  const abortChecks = new AbortController();
  const projectChecks = opts.databaseOnly ? undefined : import('./steps/project-checks.js').then((m) => m.projectChecks(project, { skip: opts.skip, signal: abortChecks.signal }));
  projectChecks?.catch(() => undefined); // awaited below; never an unhandled rejection meanwhile

  try {
    const urls = databaseUrls(project, opts);
    const anyUrl = [...urls.values()].some((u) => u.length > 0);
    if (opts.noDb) notes.push(...noDatabaseLines(project, opts.noDbReason ?? '--no-db', 'static checks only'));
    else if (opts.embedded || opts.from) notes.push(...noDatabaseLines(project, opts.from ? `--from ${opts.from}` : '--embedded', replayingEmbedded));
    else if (!anyUrl) notes.push(...noDatabaseLines(project, noDatabaseReason, replayingEmbedded));
    if (!opts.noDb && (opts.embedded || opts.from || !anyUrl)) {
      // PGlite loads in its thread while the folders are read and checked (it does not keep the process alive)
      import('./embedded/start-embedded.js').then((m) => m.prestartEmbedded()).catch(() => undefined);
      // Seam (issue 5): the embedded-Postgres replay. Its module is optional until it is built.
      // A journal the static rules call invalid cannot be replayed as drizzle would (its `when` is the tracking row):
      // journal/invalid says what is wrong, the replay of that folder is skipped.
      const replayable: Target[] = [];
      for (const target of project.targets) {
        const folder = await folderOf(target);
        if (folder.journalProblems.length) notes.push(replaySkippedInvalidJournal(target.label));
        else if ((await sqlFileProblems(folder)).some(Boolean)) notes.push(replaySkippedUnusableFile(target.label));
        else replayable.push(target);
      }
      if (replayable.length) {
        const embedded = await import('./embedded/verify-embedded.js');
        const fresh = new Map<string, Set<string> | undefined>();
        for (const target of replayable) fresh.set(target.label, await tracedMigrations(project, target, await folderOf(target)));
        const outcome = await embedded.verifyEmbedded({ ...project, targets: replayable }, { strict: opts.strict, from: opts.from, statementTimeoutMs: opts.replayStatementTimeoutMs, traceFresh: (t) => fresh.get(t.label) });
        traces = outcome.traces;
        raw.push(...outcome.findings);
        notes.push(...outcome.notes);
        replays.push(...outcome.replays);
      }
    } else if (!opts.noDb) {
      for (const target of project.targets) {
        const folder = await folderOf(target);
        for (const { url, origin, holder, ssl, name } of databaseSources(target, { ...opts, named: project.config.databases })) {
          const conn = parseConnection({ text: url, source: origin, ssl });
          const database = connectionLabel(conn);
          const label = `${target.label} @ ${name ?? database}`;
          notes.push(databaseUsedLine(database, origin));
          const verdict = await timed(`verify ${label}`, () => withReadOnlyDatabase(conn, { ...opts.connect, urlHolder: holder }, (client) => systemOf(folder).verifyDatabase(client, folder, { strict: opts.strict, whileIntrospecting, url, target }).then(async (v) => (dbFacts.add(target.label, await safetyFacts(client, folder)), v))));
          raw.push(...(await runRules(DB_RULES, { findings: verdict.findings }, label)));
          databases.push({ ...verdict, database, ...(name ? { name } : {}), folder: target.label, target: label, migrations: migrationStates(verdict.findings) });
        }
      }
    }
  } catch (error) {
    abortChecks.abort(); // an unreachable database ends the run now, not after tsc and drizzle-kit finish
    dbFacts.finish();
    throw error;
  }

  dbFacts.finish();
  startStatic();
  const { findings: staticOnes, migrations } = await staticRun;

  if (projectChecks) {
    const extra = await projectChecks;
    raw.push(...extra.findings);
    notes.push(...extra.notes);
  }

  const result = await finishRun(
    project,
    [...staticOnes, ...raw],
    {
      targets: project.targets.length,
      migrations,
      databases: databases.length,
      durationMs: Math.round(performance.now() - started),
    },
    { baseline: opts.baseline, notes },
  );
  return { ...result, databases, replays };
}

/** The migrations the safety rules call new in a target (the base branch, else the newest): the replay traces their
 * deploy. None when the folder's system has no safety rules. */
async function tracedMigrations(project: Project, target: Target, folder: MigrationFolder): Promise<Set<string> | undefined> {
  if (project.config.safety?.trace === false || !judgesSafety(systemOf(folder).rules)) return undefined;
  const scope = await selectSafetyScope(target, folder, project.config, {});
  return scope.each ? undefined : new Set([...scope.fresh, ...scope.judged]);
}

/** Table sizes and server version for the safety rules, when the folder's system has them; a catalog query that
 * fails (a permission) only costs the sizes. */
async function safetyFacts(client: SqlClient, folder: MigrationFolder) {
  if (!judgesSafety(systemOf(folder).rules)) return undefined;
  return readDatabaseFacts(client).catch(() => undefined);
}
