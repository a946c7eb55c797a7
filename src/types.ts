/** Severity of a finding. `info` never fails a run; `error` does. */
export type Severity = 'error' | 'warn' | 'info';
/** What a user may set a rule to in config. */
export type SeverityOverride = Severity | 'off';

/** One problem driftgate found. This shape is the public JSON interface (see docs/configuration.md "JSON output"). */
export interface Finding {
  /** Rule id, e.g. `journal/when-order`. Public and stable. */
  rule: string;
  severity: Severity;
  message: string;
  /** Concrete fix, in words or as the exact value/command to use. */
  fix?: string;
  /** File path relative to the working directory. */
  file?: string;
  line?: number;
  /** Migration tag (journal layout) or folder name (1.0 layout) the finding belongs to. */
  tag?: string;
  /** Label of the migrations folder (target) the finding belongs to. */
  target?: string;
  /** Extra stable detail that distinguishes two findings of one rule on one tag (part of the fingerprint). */
  key?: string;
  /** Stable id used by baselines. */
  fingerprint?: string;
}

/** What a rule returns: the engine adds rule id, default severity, target and fingerprint. */
export type RuleFinding = Omit<Finding, 'rule' | 'severity' | 'target' | 'fingerprint'> & { severity?: Severity };

/** A rule: one file in src/rules, one id, one run function over a context. */
export interface Rule<C> {
  id: string;
  severity: Severity;
  /** One line for `driftgate rules` and docs/rules. */
  description: string;
  run(ctx: C): RuleFinding[] | Promise<RuleFinding[]>;
}
