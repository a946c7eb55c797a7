import type { Target } from '../config/targets.js';
import { DB_RULES } from '../db/db-rules.js';
import { timed } from '../debug.js';
import { runRules } from '../engine/run-rules.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import { openFolder } from '../systems/open-folder.js';
import type { Project } from '../project.js';
import { systemOf } from '../systems/index.js';
import type { Finding } from '../types.js';
import { pgliteSqlClient } from './pglite-sql-client.js';
import { REPLAY_RULES } from './rules/index.js';
import { startEmbedded } from './start-embedded.js';

export interface EmbeddedOptions {
  strict?: boolean;
  /** --from <tag>: start from that migration's snapshot state instead of replaying everything before it. */
  from?: string;
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
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Replays one migrations folder on a fresh embedded Postgres (per-migration snapshot comparison), then runs the
 * database checks of `driftgate verify --db` against the result. The folder may come from any FileSource (the
 * pre-push hook passes the pushed commit's tree); the project's drizzle-orm reads the files itself only when
 * `target.outDir` is the work tree the folder was read from. Always shuts the database down. */
export async function replayTarget(target: Target, folder: MigrationFolder, opts: EmbeddedOptions & { fromWorkTree?: boolean } = {}): Promise<EmbeddedOutcome> {
  const label = `${target.label} @ embedded`;
  const outDir = opts.fromWorkTree === false ? undefined : target.outDir;
  const system = systemOf(folder);
  const prepared = await system.prepareReplay(target, folder, { outDir, from: opts.from });
  if ('note' in prepared) return { findings: [], notes: [`${target.label}: ${prepared.note}`], replays: [] };
  const db = await startEmbedded();
  try {
    const replay = await timed(`replay ${target.label}`, () => prepared.run(db.pg));
    const findings = await runRules([...REPLAY_RULES, ...(system.replayRules ?? [])], { findings: replay.findings }, label);
    const verdict = await timed(`verify ${label}`, () => system.verifyDatabase(pgliteSqlClient(db.pg), folder, { strict: opts.strict }));
    // A replay finding already names the migration at fault; the final schema compare would repeat it per object.
    const named = replay.findings.length > 0;
    const dbFindings = verdict.findings.filter((f) => !(named && f.key?.includes('.') && !f.tag && f.severity !== 'info'));
    findings.push(...(await runRules(DB_RULES, { findings: dbFindings }, label)));
    const start = db.start.mode === 'cold' ? `first start ${seconds(db.start.ms)}: initialised the cached data dir` : `started in ${seconds(db.start.ms)}`;
    const notes = [
      `${target.label}: replayed ${replay.applied}/${replay.total} migrations${replay.startedFrom ? ` (starting from the snapshot of ${replay.startedFrom})` : ''} on embedded Postgres (${start}) with ${replay.via}, ` +
        `${replay.compared} compared with their ${prepared.comparedWith} — ${seconds(replay.ms)}`,
    ];
    notes.push(...prepared.notes.map((note) => `${target.label}: ${note}`));
    return { findings, notes, replays: [{ target: label, applied: replay.applied, total: replay.total, compared: replay.compared, durationMs: replay.ms }] };
  } finally {
    await db.close();
  }
}

/** `driftgate verify` without a database URL (or with --embedded): every target replayed in embedded Postgres. */
export async function verifyEmbedded(project: Project, opts: EmbeddedOptions = {}): Promise<EmbeddedOutcome> {
  const findings: Finding[] = [];
  const notes: string[] = [];
  const replays: ReplayReport[] = [];
  for (const target of project.targets) {
    const folder = await openFolder(target);
    const outcome = await replayTarget(target, folder, opts);
    findings.push(...outcome.findings);
    notes.push(...outcome.notes);
    replays.push(...outcome.replays);
  }
  return { findings, notes, replays };
}
