import { JSON_REPORT_VERSION } from './json.js';

/** `--json` when driftgate could not run (exit 2): the same document shape, `ok: false`, and the error instead of
 * findings, so a script reading stdout always gets JSON. */
export function formatJsonError(error: { message: string; hint?: string }, command?: string): string {
  const doc = {
    version: JSON_REPORT_VERSION,
    ok: false,
    ...(command ? { command } : {}),
    error: { message: error.message, ...(error.hint ? { hint: error.hint } : {}) },
  };
  return JSON.stringify(doc, null, 2) + '\n';
}
