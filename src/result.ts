import { applyBaseline, readBaseline, type BaselineEntry } from './engine/baseline.js';
import { applyPolicy } from './engine/policy.js';
import type { Project } from './project.js';
import type { Finding } from './types.js';

/** What every command returns to the CLI: findings after policy and baseline, and counts. */
export interface RunResult {
  findings: Finding[];
  suppressed: { baseline: number; exceptions: number };
  staleBaseline: BaselineEntry[];
  stats: Record<string, number | string>;
  /** Extra lines a command wants shown (e.g. "schema verified: 21 tables"). */
  notes: string[];
}

const ORDER = { error: 0, warn: 1, info: 2 } as const;

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      (a.target ?? '').localeCompare(b.target ?? '') ||
      (a.tag ?? '\uffff').localeCompare(b.tag ?? '\uffff') ||
      ORDER[a.severity] - ORDER[b.severity] ||
      a.rule.localeCompare(b.rule) ||
      (a.line ?? 0) - (b.line ?? 0),
  );
}

/** Applies the project's policy and (unless disabled) its baseline to raw findings. */
export async function finishRun(
  project: Project,
  raw: Finding[],
  stats: RunResult['stats'],
  opts: { baseline?: boolean; notes?: string[] } = {},
): Promise<RunResult> {
  const { kept, excepted } = applyPolicy(raw, project.policy);
  const baseline = opts.baseline === false ? null : await readBaseline(project.baselinePath);
  const { fresh, baselined, stale } = applyBaseline(kept, baseline);
  return {
    findings: sortFindings(fresh),
    suppressed: { baseline: baselined.length, exceptions: excepted.length },
    staleBaseline: stale,
    stats,
    notes: opts.notes ?? [],
  };
}

export function hasErrors(result: RunResult): boolean {
  return result.findings.some((f) => f.severity === 'error');
}
