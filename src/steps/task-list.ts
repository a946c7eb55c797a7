import { stoppedStep } from '../messages.js';
import { visible } from '../reporters/terminal-safe.js';
import type { Step, StepReport } from './step.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARK = { ok: '✓', failed: '✖', skipped: '-', warn: '⚠' } as const;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export function stepLine(report: StepReport, width: number): string {
  const time = report.status === 'skipped' ? '' : seconds(report.ms);
  return `${MARK[report.status]} ${report.name.padEnd(width)} ${time.padStart(6)}${report.summary ? `  ${visible(report.summary)}` : ''}`;
}

/** Runs steps concurrently. On a TTY it redraws a live list (state and elapsed time of each step); otherwise it
 * prints one plain line per step as it finishes, so CI logs and `git push` output stay readable. */
export async function runSteps(steps: Step[], out: NodeJS.WriteStream, live = out.isTTY === true, opts: { keepGoing?: boolean } = {}): Promise<StepReport[]> {
  const width = Math.max(9, ...steps.map((s) => s.name.length));
  const started = performance.now();
  const reports: (StepReport | undefined)[] = steps.map(() => undefined);
  let frame = 0;
  let drawn = 0;
  const draw = () => {
    const elapsed = performance.now() - started;
    const lines = steps.map((s, i) => reports[i] ? stepLine(reports[i]!, width) : `${FRAMES[frame % FRAMES.length]} ${s.name.padEnd(width)} ${seconds(elapsed).padStart(6)}`);
    out.write((drawn ? `\x1b[${drawn}A` : '') + lines.map((l) => `\x1b[2K${l}\n`).join(''));
    drawn = lines.length;
    frame++;
  };
  const timer = live ? setInterval(draw, 100) : undefined;
  if (live) draw();
  // Fail fast: the first failed step decides the push; the others are stopped (their processes killed) and shown as
  // stopped, unless keepGoing asks to see every verdict.
  const abort = new AbortController();
  let firstFailure: ((name: string) => void) | undefined;
  const failed = new Promise<string>((resolve) => (firstFailure = resolve));
  try {
    const all = Promise.all(
      steps.map(async (step, i) => {
        const t0 = performance.now();
        let report: StepReport;
        try {
          report = { name: step.name, ms: 0, ...(await step.run(abort.signal)) };
        } catch (error) {
          const message = String((error as Error)?.message ?? error).split('\n')[0] || `${(error as Error)?.name ?? 'error'} without a message`;
          report = { name: step.name, ms: 0, status: 'failed', summary: message, output: (error as { hint?: string }).hint };
        }
        if (abort.signal.aborted) return; // stopped meanwhile: already reported as stopped
        report.ms = performance.now() - t0;
        reports[i] = report;
        if (!live) out.write(stepLine(report, width) + '\n');
        if (report.status === 'failed' && !opts.keepGoing) firstFailure!(step.name);
      }),
    );
    const stoppedBy = await Promise.race([all.then(() => undefined), failed]);
    if (stoppedBy) {
      abort.abort();
      steps.forEach((step, i) => {
        if (reports[i]) return;
        reports[i] = { name: step.name, ms: performance.now() - started, status: 'skipped', summary: stoppedStep(stoppedBy), stopped: true };
        if (!live) out.write(stepLine(reports[i]!, width) + '\n');
      });
    }
  } finally {
    if (timer) clearInterval(timer);
    if (live) draw();
  }
  return reports as StepReport[];
}
