import type { Rule } from '../types.js';
import { staticRules } from './index.js';

/** Every rule driftgate knows, for `driftgate rules` and the docs. Later rule families register here. */
export function allRules(): Rule<unknown>[] {
  return [...(staticRules as Rule<unknown>[])];
}
