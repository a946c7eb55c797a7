import { prePush } from '../../hooks/pre-push.js';
import { prePushBlocked, prePushHint, prePushPassed, stepOutputHeader } from '../../messages.js';
import { formatJson } from '../../reporters/json.js';
import { formatPretty, useColor } from '../../reporters/pretty.js';
import { hasErrors } from '../../result.js';
import type { CliArgs } from '../args.js';
import { projectFromArgs } from '../load-project.js';

const MAX_OUTPUT_LINES = 40;

/** git's ref lines, read to the end. Not readFileSync(0): on a pipe that git fills while we read it, a sync read can
 * fail with EAGAIN part-way — with thousands of refs (a push of 2,000 tags) the hook then saw no refs at all. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

/** `driftgate pre-push <remote> <url>`, refs on stdin (git's pre-push protocol). */
export async function run(args: CliArgs): Promise<number> {
  const project = await projectFromArgs(args);
  const skip = new Set(
    [process.env.DRIFTGATE_SKIP ?? '', args.values.skip ?? ''].join(',').split(',').map((s) => s.trim()).filter(Boolean),
  );
  const remote = args.positionals[0] ?? 'origin';
  const outcome = await prePush(project, { remote, stdin: await readStdin(), skip, out: process.stderr, baseline: !args.values['no-baseline'], keepGoing: args.values['keep-going'] || ['1', 'true'].includes(process.env.DRIFTGATE_KEEP_GOING ?? '') || undefined });
  // Fail fast: stopped steps may still be winding down (a replay, a drizzle-kit worker); the verdict is known, so the
  // hook ends as soon as it is printed instead of waiting for them.
  if (outcome.steps.some((s) => s.stopped)) setTimeout(() => process.exit(), 0).unref();
  const failedSteps = outcome.steps.filter((s) => s.status === 'failed');
  const failed = hasErrors(outcome.result) || failedSteps.length > 0;
  if (args.values.json) {
    process.stdout.write(formatJson(outcome.result, 'pre-push'));
    return failed ? 1 : 0;
  }
  const err = process.stderr;
  // With no range to judge, the closing line says why (the note would only repeat it).
  if (outcome.result.findings.length || (outcome.result.notes.length && outcome.ranges.length)) {
    err.write('\n' + formatPretty(outcome.result, { color: useColor(err), title: 'migrations' }).replace(/\n?[^\n]*\n$/, '\n'));
  }
  for (const step of failedSteps) {
    if (!step.output || step.name === 'migrations' || step.name === 'schema') continue;
    const lines = step.output.split('\n');
    err.write(`\n${stepOutputHeader(step.name)}\n${lines.slice(0, MAX_OUTPUT_LINES).join('\n')}\n${lines.length > MAX_OUTPUT_LINES ? `… ${lines.length - MAX_OUTPUT_LINES} more lines\n` : ''}`);
  }
  if (!failed) {
    err.write(`${prePushPassed(outcome.ranges.length, outcome.skippedRefs)}\n`);
    return 0;
  }
  // Findings of the schema and db steps are counted as those steps failing.
  const errors = outcome.result.findings.filter((f) => f.severity === 'error' && !/^(schema|db|replay|typecheck)\//.test(f.rule)).length;
  const problems = [
    ...(errors ? [`${errors} migration error${errors === 1 ? '' : 's'}`] : []),
    // The migrations step counts as its errors; when it failed without any (it threw), it is named like any other.
    ...failedSteps.filter((s) => s.name !== 'schema' && !(s.name === 'migrations' && errors)).map((s) => `${s.name} failed`),
    ...(failedSteps.some((s) => s.name === 'schema') ? ['schema out of sync'] : []),
  ];
  err.write(`\n${prePushBlocked(problems)}\n${prePushHint(failedSteps.map((s) => s.name))}\n`);
  return 1;
}
