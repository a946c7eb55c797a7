import type { Rule } from '../../types.js';
import { replayDiverges } from './replay-diverges.js';
import { replayFailed } from './replay-failed.js';
import { replayUnsupported } from './replay-unsupported.js';
import type { ReplayRuleContext } from './replay-rule-context.js';

/** The embedded-replay rules, in report order. */
export const REPLAY_RULES: Rule<ReplayRuleContext>[] = [replayFailed, replayDiverges, replayUnsupported];
