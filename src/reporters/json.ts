import type { RunResult } from '../result.js';

/** Version of the JSON document; bumped on any incompatible change. */
export const JSON_REPORT_VERSION = 1;

/** `--json`: `{version, ok, command, findings[], suppressed, staleBaseline, stats}` (documented in docs/configuration.md). */
export function formatJson(result: RunResult, command: string): string {
  const doc = {
    version: JSON_REPORT_VERSION,
    ok: !result.findings.some((f) => f.severity === 'error'),
    command,
    findings: result.findings,
    suppressed: result.suppressed,
    staleBaseline: result.staleBaseline,
    stats: result.stats,
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
