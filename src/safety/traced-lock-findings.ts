import type { DeployTrace } from '../embedded/trace-deploy.js';
import { runRules } from '../engine/run-rules.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import { createCheckContext } from '../rules/check-context.js';
import { systemOf } from '../systems/index.js';
import type { Finding } from '../types.js';
import { DEFAULT_POSTGRES_VERSION } from './safety-scope.js';

/** The lock/* findings of `fresh` (the migrations a push brings) judged with the replay's trace of their deploy. */
export async function tracedLockFindings(folder: MigrationFolder, label: string, fresh: Set<string>, trace: DeployTrace, postgresVersion = DEFAULT_POSTGRES_VERSION): Promise<Finding[]> {
  const rules = systemOf(folder).rules.filter((r) => r.id.startsWith('lock/'));
  const ctx = createCheckContext(folder, { onlyTags: fresh, safety: { judged: fresh, fresh, each: false, postgresVersion, trace } });
  return runRules(rules, ctx, label);
}

/** The hook's findings with the text-judged lock/* findings of traced migrations replaced by the traced ones. */
export function replaceTracedLocks(findings: Finding[], traced: { target: string; tags: Set<string>; findings: Finding[] }[]): Finding[] {
  if (traced.length === 0) return findings;
  const replaced = (f: Finding) => f.rule.startsWith('lock/') && traced.some((t) => t.target === f.target && f.tag !== undefined && t.tags.has(f.tag));
  const out = findings.filter((f) => !replaced(f) || traced.some((t) => t.findings.includes(f)));
  const seen = new Set<string>();
  return out.filter((f) => !f.fingerprint || !f.rule.startsWith('lock/') || (!seen.has(f.fingerprint) && (seen.add(f.fingerprint), true)));
}
