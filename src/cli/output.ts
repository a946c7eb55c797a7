import { formatGithub } from '../reporters/github.js';
import { formatJson } from '../reporters/json.js';
import { formatPretty, useColor } from '../reporters/pretty.js';
import { hasErrors, type RunResult } from '../result.js';
import type { CliArgs } from './args.js';

/** Prints a result the way the user asked and returns the exit code (0 clean, 1 error findings). */
export function report(result: RunResult, args: CliArgs, command: string, title?: string): number {
  if (args.values.json) process.stdout.write(formatJson(result, command));
  else process.stdout.write(formatPretty(result, { color: useColor(process.stdout), title }));
  writeAnnotations(result, args);
  return hasErrors(result) ? 1 : 0;
}

/** GitHub Actions annotations (GITHUB_ACTIONS=true). The runner reads workflow commands from stdout and stderr alike:
 * under --json they go to stderr, so stdout stays exactly one JSON document. */
export function writeAnnotations(result: RunResult, args: CliArgs): void {
  if (process.env.GITHUB_ACTIONS !== 'true') return;
  (args.values.json ? process.stderr : process.stdout).write(formatGithub(result));
}
