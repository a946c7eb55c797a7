import type { Finding, SeverityOverride } from '../types.js';

/** An intentional, documented exception: findings of `rule` (optionally on one tag or file) are accepted. */
export interface RuleException {
  rule: string;
  tag?: string;
  file?: string;
  target?: string;
  reason: string;
}

export interface Policy {
  rules: Record<string, SeverityOverride>;
  exceptions: RuleException[];
}

/** Applies severity overrides (`off` drops the finding) and exceptions. */
export function applyPolicy(findings: Finding[], policy: Policy): { kept: Finding[]; excepted: Finding[] } {
  const kept: Finding[] = [];
  const excepted: Finding[] = [];
  for (const finding of findings) {
    const override = policy.rules[finding.rule] ?? policy.rules[finding.rule.split('/')[0] + '/*'];
    if (override === 'off') continue;
    const adjusted = override ? { ...finding, severity: override } : finding;
    const exception = policy.exceptions.find(
      (e) =>
        e.rule === finding.rule &&
        (e.tag === undefined || e.tag === finding.tag) &&
        (e.file === undefined || e.file === finding.file) &&
        (e.target === undefined || e.target === finding.target),
    );
    (exception ? excepted : kept).push(adjusted);
  }
  return { kept, excepted };
}
