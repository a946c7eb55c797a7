import type { Rule, RuleFinding } from '../types.js';
import type { StepOutcome } from './step.js';

/** What typecheck/failed judges: how the project's typecheck ended and the command that ran. */
export interface TypecheckContext {
  outcome: StepOutcome;
  command: string;
}

const MAX_SHOWN = 3;

/** `driftgate verify`'s view of the typecheck step (pre-push shows it as a step line instead). */
export const typecheckFailed: Rule<TypecheckContext> = {
  id: 'typecheck/failed',
  severity: 'error',
  description: "The project's typecheck (tsc --noEmit, or the configured command) fails.",
  run({ outcome, command }) {
    if (outcome.status === 'warn') return [{ severity: 'warn', key: 'unavailable', message: `the typecheck did not run: ${outcome.summary}`, fix: 'Install typescript in the project, or set typecheck: false in the driftgate config.' }];
    if (outcome.status !== 'failed') return [];
    // tsc prints `file(line,col): error TSnnnn: text`; show the first few so the report says where.
    const errors = (outcome.output ?? '').split('\n').filter((l) => /error TS\d+/.test(l));
    const shown = errors.slice(0, MAX_SHOWN).map((l) => l.trim()).join(' · ');
    const more = errors.length > MAX_SHOWN ? ` (+${errors.length - MAX_SHOWN} more)` : '';
    const first = /^(.+?)\((\d+),\d+\): error/.exec(errors[0] ?? '');
    const finding: RuleFinding = {
      key: 'typecheck',
      message: `${command}: ${outcome.summary ?? 'failed'}${shown ? `: ${shown}${more}` : ''}`,
      fix: `Run ${command} to see every error.`,
      ...(first ? { file: first[1], line: Number(first[2]) } : {}),
    };
    return [finding];
  },
};
