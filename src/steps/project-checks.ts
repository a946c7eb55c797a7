import { runRules } from '../engine/run-rules.js';
import { generatorPool } from '../systems/generator-pool.js';
import type { Project } from '../project.js';
import type { Finding } from '../types.js';
import { typecheckCommand, runTypecheck } from './typecheck.js';
import { typecheckFailed } from './typecheck-failed.js';

export interface ProjectChecksOptions {
  /** Checks not to run: "schema", "typecheck" (DRIFTGATE_SKIP), or "all". */
  skip?: Set<string>;
  /** Aborted when the run fails elsewhere (an unreachable database): stops the drizzle-kit worker and tsc at once. */
  signal?: AbortSignal;
}

/** Names in DRIFTGATE_SKIP ("typecheck,db"), as a set. */
export function skipSet(...lists: (string | undefined)[]): Set<string> {
  return new Set(lists.join(',').split(',').map((s) => s.trim()).filter(Boolean));
}

/** What `driftgate verify` runs besides the migrations folder and the database: schema/out-of-sync (the schema vs
 * the latest snapshot, via the project's drizzle-kit) and the project's typecheck, concurrently. Never throws for
 * a failing check: failures are findings. */
export async function projectChecks(project: Project, opts: ProjectChecksOptions = {}): Promise<{ findings: Finding[]; notes: string[] }> {
  const skip = (name: string) => opts.skip?.has('all') || opts.skip?.has(name);
  const notes: string[] = [];
  const generators = generatorPool();
  const schema = async (): Promise<Finding[]> => {
    if (skip('schema') || !project.targets.some((t) => t.schema.length)) return [];
    const { schemaFindings } = await import('../schema/schema-findings.js');
    return schemaFindings(project, generators);
  };
  const typecheck = async (): Promise<Finding[]> => {
    if (skip('typecheck')) return (notes.push('typecheck: skipped'), []);
    const command = typecheckCommand(project);
    if (!command) return [];
    const outcome = await runTypecheck(project, opts.signal);
    if (outcome.status === 'ok') notes.push(`typecheck: ${command.describe} passed`);
    return runRules([typecheckFailed], { outcome, command: command.argv ? `npx ${command.describe}` : command.describe }, 'typecheck');
  };
  const closeGenerators = generators.close;
  opts.signal?.addEventListener('abort', closeGenerators, { once: true });
  try {
    const [a, b] = await Promise.all([schema(), typecheck()]);
    return { findings: [...a, ...b], notes };
  } finally {
    opts.signal?.removeEventListener('abort', closeGenerators);
    closeGenerators();
  }
}
