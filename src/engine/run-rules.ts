import { debug } from '../debug.js';
import { DriftgateError } from '../errors.js';
import type { Finding, Rule } from '../types.js';
import { fingerprint } from './fingerprint.js';

/** Runs rules over one context and stamps each finding with its rule id, default severity, target and fingerprint. */
export async function runRules<C>(rules: readonly Rule<C>[], ctx: C, target: string): Promise<Finding[]> {
  const perRule = await Promise.all(
    rules.map(async (rule) => {
      const t0 = performance.now();
      try {
        const found = await rule.run(ctx);
        return found.map((f) => {
          const finding: Finding = { ...f, rule: rule.id, severity: f.severity ?? rule.severity, target };
          finding.fingerprint = fingerprint(finding);
          return finding;
        });
      } catch (error) {
        if (error instanceof DriftgateError) throw error;
        throw new DriftgateError(`internal error in rule ${rule.id}: ${(error as Error)?.message ?? error}`, 'Run with --debug for the stack trace and report it.');
      } finally {
        debug(`rule ${rule.id} on ${target}: ${(performance.now() - t0).toFixed(1)}ms`);
      }
    }),
  );
  return perRule.flat();
}
