import { replaySettings } from '../config/driftgate-config.js';
import type { Target } from '../config/targets.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import type { Project } from '../project.js';
import type { Finding } from '../types.js';
import type { Step, StepOutcome } from './step.js';
import { databaseNoneLine, plural, replayingEmbedded, replaySkippedInvalidJournal } from '../messages.js';

/** A migrations folder as one pushed commit has it, and whether the push changes it. */
export interface PushedFolder {
  target: Target;
  /** Short name of the pushed ref, for notes. */
  ref: string;
  folder: MigrationFolder;
  changed: boolean;
  /** Tags of the migrations the push brings (not on the remote's side of the range): the deploy the replay traces. */
  fresh: Set<string>;
}

/** The lock findings of one pushed folder, judged with the replay's trace: they replace the migrations step's
 * text-judged lock findings on those migrations. */
export interface TracedLocks {
  target: string;
  tags: Set<string>;
  findings: Finding[];
}

export interface DatabaseStepInput {
  project: Project;
  /** Findings go here (the hook's report). */
  sink: Finding[];
  /** Notes go here (replay timings). */
  notes: string[];
  /** The pushed folders, read from git (only asked for when the embedded replay runs). */
  pushedFolders(): Promise<PushedFolder[]>;
  env?: NodeJS.ProcessEnv;
  /** The traced lock findings go here (see TracedLocks); without it nothing is traced. */
  tracedLocks?: TracedLocks[];
}

/** Whether the db step will replay on embedded Postgres and trace the new migrations' locks: no database URL is
 * configured, the replay and the trace are on. Then the lock rules' verdict is the db step's. */
export async function tracesLocks(project: Project, env?: NodeJS.ProcessEnv): Promise<boolean> {
  if (project.config.safety?.trace === false || !replaySettings(project.config).enabled) return false;
  const { databaseUrls } = await import('../verify.js');
  return ![...databaseUrls(project, { env }).values()].some((urls) => urls.length > 0);
}


/** The step fails on errors the baseline does not cover (the report hides those too): a history adopted with
 * `driftgate baseline` pushes green on day one, a new failing or divergent migration still blocks. */
async function outcomeOf(project: Project, found: Finding[], summary: string): Promise<StepOutcome> {
  const { applyBaseline, readBaseline } = await import('../engine/baseline.js');
  const { fresh } = applyBaseline(found, await readBaseline(project.baselinePath));
  const errors = fresh.filter((f) => f.severity === 'error').length;
  return errors ? { status: 'failed', summary: `${plural(errors, 'error')} — ${summary}` } : { status: 'ok', summary };
}

/** The pre-push database step. A database URL configured (DATABASE_URL, drizzle config dbCredentials): the checks
 * of `driftgate verify` against it (an unreachable database fails the step with the reason; the hook then says how
 * to skip). None configured: the embedded-Postgres replay of each pushed folder the push changes, unless the
 * driftgate config says `replay: false`. postgres and PGlite load only here, and only when needed. */
export function databaseStep(input: DatabaseStepInput): Step {
  const { project, sink, notes } = input;
  return {
    name: 'db',
    async run() {
      const { databaseUrls, verify } = await import('../verify.js');
      const configured = [...databaseUrls(project, { env: input.env }).values()].some((urls) => urls.length > 0);
      if (configured) {
        const { DEFAULT_CONNECT_OPTIONS } = await import('../db/postgres-client.js');
        const result = await verify(project, { databaseOnly: true, connect: DEFAULT_CONNECT_OPTIONS, baseline: false, env: input.env });
        sink.push(...result.findings);
        notes.push(...result.notes);
        const dbs = result.databases;
        const applied = dbs.map((d) => `${d.applied}/${d.total} applied`).join(', ');
        return outcomeOf(project, result.findings, `${plural(dbs.length, 'database')} checked${applied ? ` (${applied})` : ''}`);
      }
      const { noDatabaseReason } = await import('../config/database-sources.js');
      const why = [...new Set(project.targets.map(noDatabaseReason))].join('; ');
      if (!replaySettings(project.config).enabled) return { status: 'skipped', summary: databaseNoneLine(why, 'replay: false in the driftgate config') };
      const pushed = (await input.pushedFolders()).filter((p) => p.changed);
      if (pushed.length === 0) return { status: 'skipped', summary: databaseNoneLine(why, 'the push changes no migrations to replay') };
      notes.push(databaseNoneLine(why, replayingEmbedded));
      import('../embedded/start-embedded.js').then((m) => m.prestartEmbedded()).catch(() => undefined); // PGlite loads meanwhile
      const { replayTarget } = await import('../embedded/verify-embedded.js');
      const found: Finding[] = [];
      const settings = replaySettings(project.config);
      for (const p of pushed) {
        if (p.folder.journalProblems.length) {
          notes.push(replaySkippedInvalidJournal(p.target.label));
          continue;
        }
        // incremental: the pushed folder's already-checked prefix comes from the cache, only new migrations replay
        const traceFresh = input.tracedLocks && p.fresh.size ? () => p.fresh : undefined;
        const outcome = await replayTarget(p.target, p.folder, { fromWorkTree: false, settings, projectDir: project.cwd, cache: settings.cache, traceFresh });
        found.push(...outcome.findings);
        const trace = outcome.traces.get(p.target.label);
        if (trace && input.tracedLocks) {
          const { tracedLockFindings } = await import('../safety/traced-lock-findings.js');
          const locks = await tracedLockFindings(p.folder, p.target.label, p.fresh, trace, project.config.safety?.postgresVersion);
          input.tracedLocks.push({ target: p.target.label, tags: p.fresh, findings: locks });
          found.push(...locks);
        }
        notes.push(...outcome.notes.map((n) => (pushed.length > 1 ? `${n} (${p.ref})` : n)));
      }
      sink.push(...found);
      const migrations = Math.max(...pushed.map((p) => p.folder.migrations.length));
      return outcomeOf(project, found, `embedded replay of ${plural(migrations, 'migration')}`);
    },
  };
}
