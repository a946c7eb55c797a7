import { join, relative } from 'node:path';
import { timed } from '../debug.js';
import { runRules } from '../engine/run-rules.js';
import { openFolder } from '../systems/open-folder.js';
import { generatorPool } from '../systems/generator-pool.js';
import type { Repo } from '../git/repo.js';
import type { Project } from '../project.js';
import { finishRun, type RunResult } from '../result.js';
import { gitUncommittedMigration } from '../rules/git-uncommitted-migration.js';
import { staticRuleCatalog } from '../systems/index.js';
import { commandSteps } from '../steps/commands.js';
import { databaseStep, tracesLocks, type PushedFolder, type TracedLocks } from '../steps/database.js';
import type { Step, StepReport } from '../steps/step.js';
import { runSteps } from '../steps/task-list.js';
import { typecheckStep } from '../steps/typecheck.js';
import type { Finding } from '../types.js';
import { judgeRange, rangeRules } from './judge-range.js';
import { mergeUnavailable } from './merge-unavailable.js';
import { parseRefUpdates, pushRanges, type PushRange } from './push-refs.js';
import { NO_SCHEMA_SOURCE, plural } from '../messages.js';

export interface PrePushOptions {
  remote: string;
  /** Refs as git writes them on the hook's stdin. */
  stdin: string;
  /** Step names not to run (DRIFTGATE_SKIP, --skip); "all" skips everything. */
  skip: Set<string>;
  /** Where the task list goes (stderr). */
  out: NodeJS.WriteStream;
  live?: boolean;
  /** Run every step to the end after one failed (--keep-going, or keepGoing in the driftgate config). */
  keepGoing?: boolean;
  now?: number;
  baseline?: boolean;
}

export interface PrePushOutcome {
  result: RunResult;
  steps: StepReport[];
  ranges: PushRange[];
  skippedRefs: string[];
}


/** `driftgate pre-push`: judges every pushed range, then the work tree's schema, the typecheck, the database and
 * the configured commands, concurrently, with a live task list. */
export async function prePush(project: Project, opts: PrePushOptions): Promise<PrePushOutcome> {
  const started = performance.now();
  const now = opts.now ?? Date.now();
  const updates = parseRefUpdates(opts.stdin);
  const { Repo } = await import('../git/repo.js');
  const repo: Repo = await Repo.open(project.cwd);
  const generators = generatorPool();
  try {
    const { ranges, skipped } = await pushRanges(repo, opts.remote, updates);
    const findings: Finding[] = [];
    const notes: string[] = [];
    let migrations = 0;
    const stats = () => ({ targets: project.targets.length, migrations, rules: staticRuleCatalog().length + rangeRules.length + 2, durationMs: Math.round(performance.now() - started) });
    if (ranges.length === 0) {
      const note = updates.length === 0 ? 'nothing to push' : `nothing to judge: ${skipped.join('; ')}`;
      return { result: await finishRun(project, [], stats(), { baseline: opts.baseline, notes: [note] }), steps: [], ranges, skippedRefs: skipped };
    }
    const skip = (name: string) => opts.skip.has('all') || opts.skip.has(name);
    // The db step's replay traces the pushed migrations' locks: then the lock rules' verdict is its, not the text's.
    const tracedLocks: TracedLocks[] = [];
    const byTrace = !skip('db') && (await tracesLocks(project));
    const steps: Step[] = [];
    const add = (step: Step) => steps.push(skip(step.name) ? { name: step.name, run: async () => ({ status: 'skipped', summary: 'skipped (DRIFTGATE_SKIP)' }) } : step);

    add({
      name: 'migrations',
      async run() {
        const found: Finding[] = [];
        const seen = new Set<string>();
        let judged = 0;
        for (const target of project.targets) {
          for (const range of ranges) {
            const outcome = await timed(`judge ${target.label} ${range.ref}`, () =>
              judgeRange({
                repo, target, base: range.base, baseName: range.baseName, head: { commit: range.head }, onRemote: 'all', generators,
                customMigrations: project.config.customMigrations ?? 'warn', now, whenSkewMs: project.whenSkewMs, postgresVersion: project.config.safety?.postgresVersion,
              }),
            );
            judged += outcome.judged.size;
            migrations = Math.max(migrations, outcome.folder.migrations.length);
            for (const f of outcome.findings) if (!seen.has(f.fingerprint!)) (seen.add(f.fingerprint!), found.push(f));
          }
          const folder = repo.rel(target.outDir);
          const entries = await repo.status([folder]);
          const display = (path: string) => relative(project.cwd, join(repo.root, path)).split('\\').join('/');
          found.push(...(await runRules([gitUncommittedMigration], { entries, display }, target.label)));
        }
        findings.push(...found);
        const errors = found.filter((f) => f.severity === 'error' && !(byTrace && f.rule.startsWith('lock/'))).length;
        return { status: errors ? 'failed' : 'ok', summary: `${plural(ranges.length, 'ref')}, ${plural(judged, 'new migration')}${errors ? `, ${plural(errors, 'error')}` : ''}` };
      },
    });
    add({
      name: 'schema',
      async run() {
        // a Supabase-only project keeps no schema source beside its SQL: nothing to compare, nothing to claim
        if (project.targets.every((t) => t.schema.length === 0)) return { status: 'skipped', summary: NO_SCHEMA_SOURCE };
        const { pushedSchemaFindings } = await import('./pushed-schema.js');
        const unchanged: string[] = [];
        const found = await pushedSchemaFindings({ repo, project, ranges, generators, notes, unchanged });
        findings.push(...found);
        if (found.some((f) => f.severity === 'error')) return { status: 'failed', summary: 'the schema needs a migration that is not committed' };
        if (!found.length && unchanged.length === project.targets.filter((t) => t.schema.length).length) return { status: 'ok', summary: 'unchanged by the push' };
        return found.length ? { status: 'warn', summary: 'not compared' } : { status: 'ok', summary: 'matches the latest snapshot' };
      },
    });
    add(typecheckStep(project));
    add(databaseStep({ project, sink: findings, notes, pushedFolders: () => pushedFolders(repo, project, ranges), tracedLocks: byTrace ? tracedLocks : undefined }));
    for (const step of commandSteps(project)) add(step);

    const reports = await runSteps(steps, opts.out, opts.live, { keepGoing: opts.keepGoing ?? project.config.keepGoing === true });
    const judged = tracedLocks.length ? (await import('../safety/traced-lock-findings.js')).replaceTracedLocks(findings, tracedLocks) : findings;
    return { result: await finishRun(project, mergeUnavailable(judged), stats(), { baseline: opts.baseline, notes }), steps: reports, ranges, skippedRefs: skipped };
  } finally {
    generators.close();
    repo.close();
  }
}

/** Each target's folder at each pushed commit (one per distinct commit), and whether the push changes it. */
async function pushedFolders(repo: Repo, project: Project, ranges: PushRange[]): Promise<PushedFolder[]> {
  const out: PushedFolder[] = [];
  for (const target of project.targets) {
    const path = repo.rel(target.outDir);
    const seen = new Set<string>();
    for (const range of ranges) {
      if (seen.has(range.head)) continue;
      seen.add(range.head);
      const [source, changes, onBase] = await Promise.all([repo.commitSource(range.head, path), repo.changes(range.base, range.head, [path]), repo.commitListing(range.base, path)]);
      const folder = await openFolder(target, source);
      const fresh = new Set(folder.migrations.filter((m) => !onBase.has(m.sqlPath)).map((m) => m.tag));
      out.push({ target, ref: range.ref, folder, changed: changes.length > 0, fresh });
    }
  }
  return out;
}
