import type { Target } from '../config/targets.js';
import { DB_RULES } from '../db/db-rules.js';
import { inScope, type CatalogScope } from '../db/catalog-scope.js';
import type { DbFinding } from '../db/db-finding.js';
import type { EmbeddedPg } from './host/worker-host.js';
import { debug, timed } from '../debug.js';
import { runRules } from '../engine/run-rules.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import { openFolder } from '../systems/open-folder.js';
import type { Project } from '../project.js';
import { declaredSchemaBeside } from '../systems/declared-schemas.js';
import { systemOf } from '../systems/index.js';
import type { Finding } from '../types.js';
import { pgliteSqlClient } from './pglite-sql-client.js';
import { REPLAY_RULES } from './rules/index.js';
import { replaySettings, type ReplaySettings } from '../config/driftgate-config.js';
import { startReplayRuntime, type RuntimeMigration } from './replay-runtime.js';
import { prestartEmbedded } from './start-embedded.js';
import { StatementTimeoutError } from './host/worker-host.js';
import { withSkipped } from './replay-messages.js';
import { DriftgateError } from '../errors.js';
import { tracedNote, type DeployTrace } from './trace-deploy.js';

export interface EmbeddedOptions {
  strict?: boolean;
  /** --from <tag>: start from that migration's snapshot state instead of replaying everything before it. */
  from?: string;
  /** The driftgate config's replay settings (preamble, statement time limit). */
  settings?: ReplaySettings;
  /** --statement-timeout given on the command line: overrides replay.statementTimeout. */
  statementTimeoutMs?: number;
  /** The directory the driftgate config lives in (a preamble file is relative to it). */
  projectDir?: string;
  /** Incremental replay: start from the cached state of the longest already-replayed prefix (pre-push). */
  cache?: boolean;
  /** The safety rules' new migrations of a target: their deploy is traced (locks, rewrites). */
  traceFresh?(target: Target): Set<string> | undefined;
}

/** The migrations' SQL as the runtime needs it before the database starts (extensions, preamble, cache key). */
async function runtimeMigrations(folder: MigrationFolder): Promise<RuntimeMigration[]> {
  const out: RuntimeMigration[] = [];
  for (const m of folder.migrations) {
    if (!m.sqlExists) continue;
    const read = await folder.source.read(m.sqlPath);
    out.push({ tag: m.tag, file: folder.display(m.sqlPath), sql: read.ok ? read.data.toString() : '', when: m.when });
  }
  return out;
}

/** One replay, for `verify --json` (`replays`). */
export interface ReplayReport {
  target: string;
  applied: number;
  total: number;
  compared: number;
  durationMs: number;
}

export interface EmbeddedOutcome {
  findings: Finding[];
  notes: string[];
  replays: ReplayReport[];
  /** The traced deploy of each target's new migrations, by target label. */
  traces: Map<string, DeployTrace>;
}

/** A db/* finding key (`auth.users/column:email`, `enum:auth.x`, `auth`) about an object in one of `schemas`. */
const inSchemas = (key: string | undefined, schemas: string[]) => !!key && schemas.includes(key.replace(/^(enum|view|sequence):/, '').split(/[./]/)[0]);

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The replay's scope (ReplayOutcome.scope) if the final checks may keep to it: not with --strict (extra objects
 * anywhere count), and not when an event trigger exists (a preamble's or an extension's: it runs code on any DDL). */
async function checkedScope(pg: EmbeddedPg, scope: CatalogScope | undefined, strict?: boolean): Promise<CatalogScope | undefined> {
  if (!scope || strict) return undefined;
  const { rows } = await pg.query<{ any: boolean }>('select exists (select 1 from pg_catalog.pg_event_trigger) as any');
  return rows[0]?.any ? undefined : scope;
}

/** Replays one migrations folder on a fresh embedded Postgres (per-migration snapshot comparison), then runs the
 * database checks of `driftgate verify --db` against the result. The folder may come from any FileSource (the
 * pre-push hook passes the pushed commit's tree); the project's drizzle-orm reads the files itself only when
 * `target.outDir` is the work tree the folder was read from. Always shuts the database down. */
export async function replayTarget(target: Target, folder: MigrationFolder, opts: EmbeddedOptions & { fromWorkTree?: boolean } = {}): Promise<EmbeddedOutcome> {
  const label = `${target.label} @ embedded`;
  await prestartEmbedded();
  const outDir = opts.fromWorkTree === false ? undefined : target.outDir;
  const system = systemOf(folder);
  const prepared = await system.prepareReplay(target, folder, { outDir, from: opts.from, declaredBeside: () => declaredSchemaBeside(target) });
  if ('note' in prepared) return { findings: [], notes: [`${target.label}: ${prepared.note}`], replays: [], traces: new Map() };
  const settings = opts.settings ?? replaySettings({});
  const useCache = Boolean(opts.cache) && !opts.from;
  const migrations = await runtimeMigrations(folder);
  const fresh = opts.traceFresh?.(target);
  const firstFresh = fresh ? migrations.findIndex((m) => fresh.has(m.tag)) : -1;
  const runtime = await startReplayRuntime(migrations, {
    preamble: settings.preamble,
    projectDir: opts.projectDir ?? target.root,
    supabaseDirs: [...new Set([target.root, opts.projectDir ?? target.root])],
    statementTimeoutMs: opts.statementTimeoutMs ?? settings.statementTimeoutMs,
    cache: useCache ? { identity: JSON.stringify([system.id, prepared.migrator ?? '', folder.settings]), maxRestored: firstFresh >= 0 ? firstFresh : undefined } : undefined,
  });
  const { db } = runtime;
  let clean = false;
  let final: DbFinding[] = [];
  try {
    const { platformSchemas } = runtime; // what the preamble (Supabase's or the user's file) created
    const replay = await timed(`replay ${target.label}`, () => prepared.run(db.pg, { platformSchemas, trace: fresh ? { fresh } : undefined, restored: runtime.restored }));
    const findings = await runRules([...REPLAY_RULES, ...(system.replayRules ?? [])], { findings: [...withSkipped(runtime.findings, replay.skipped), ...replay.findings] }, label);
    // a statement past the time limit stopped the database: nothing more to look at
    if (!db.pg.closed) {
      const scope = await checkedScope(db.pg, replay.scope, opts.strict);
      if (scope) debug(`embedded: final checks on the ${scope.tables.size} table(s) the new migrations can have changed${scope.others ? ', enums, sequences and views' : ''}; the rest as the restored state's checks found it`);
      const verdict = await timed(`verify ${label}`, () => system.verifyDatabase(pgliteSqlClient(db.pg), folder, { strict: opts.strict, scope }));
      // what the scope left unread is as the restored state's own checks found it
      if (scope && verdict.scoped) verdict.findings.push(...runtime.restoredFindings.filter((f) => !inScope(f.key, scope)));
      // A replay finding already names the migration at fault; the final schema compare would repeat it per object.
      const named = replay.findings.length > 0;
      // The platform's own objects (Supabase's auth.users) are not the migrations': a snapshot's model of them is not
      // judged. A replay that stopped at a failure leaves the rest unapplied: db/pending would only repeat that.
      const dbFindings = verdict.findings.filter((f) => !(named && ((f.key?.includes('.') && !f.tag && f.severity !== 'info') || f.rule === 'db/pending')) && !inSchemas(f.key, platformSchemas));
      findings.push(...(await runRules(DB_RULES, { findings: dbFindings }, label)));
      clean = replay.findings.length === 0 && runtime.findings.length === 0 && !dbFindings.some((f) => f.severity !== 'info');
      final = dbFindings;
    }
    const start = db.start.mode === 'cold' ? `first start ${seconds(db.start.ms)}: initialised the cached data dir` : `started in ${seconds(db.start.ms)}`;
    const restored = runtime.restored ? ` (${runtime.restored} restored from the replay cache)` : '';
    const preamble = runtime.preamble ? `, ${runtime.preamble.name} preamble` : '';
    const notes = [
      `${target.label}: replayed ${replay.applied}/${replay.total} migrations${restored}${replay.startedFrom ? ` (starting from the snapshot of ${replay.startedFrom})` : ''} on embedded Postgres (${start}${preamble}) with ${replay.via}, ` +
        `${replay.compared} compared with their ${prepared.comparedWith} — ${seconds(replay.ms)}`,
    ];
    notes.push(...prepared.notes.map((note) => `${target.label}: ${note}`));
    if (replay.trace?.chunks.length) notes.push(`${target.label}: ${tracedNote(replay.trace)}`);
    const traces = new Map(replay.trace?.chunks.length ? [[target.label, replay.trace]] : []);
    return { findings, notes, replays: [{ target: label, applied: replay.applied, total: replay.total, compared: replay.compared, durationMs: replay.ms }], traces };
  } catch (error) {
    // a catalog query or the migrator's own bookkeeping (not a migration's statement) ran past the limit
    if (error instanceof StatementTimeoutError) throw new DriftgateError(`${target.label}: ${error.message}`, 'Raise replay.statementTimeout (driftgate config) or pass --statement-timeout; on a saturated machine every query is slower.');
    throw error;
  } finally {
    await runtime.finish(clean, final);
  }
}

/** `driftgate verify` without a database URL (or with --embedded): every target replayed in embedded Postgres. */
export async function verifyEmbedded(project: Project, opts: EmbeddedOptions = {}): Promise<EmbeddedOutcome> {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const replays: ReplayReport[] = [];
  const traces = new Map<string, DeployTrace>();
  for (const target of project.targets) {
    const folder = await openFolder(target);
    const outcome = await replayTarget(target, folder, { settings: replaySettings(project.config), projectDir: project.cwd, ...opts });
    findings.push(...outcome.findings);
    notes.push(...outcome.notes);
    replays.push(...outcome.replays);
    for (const [label, trace] of outcome.traces) traces.set(label, trace);
  }
  return { findings, notes, replays, traces };
}
