import type { Rule } from '../types.js';
import type { CheckContext } from './check-context.js';

/** The static rules every migration system shares: they judge the SQL alone, whatever folder and migrator it came
 * from. Each system adds the rules of its own folder format and migrator (src/systems/<id>/); `check` and the hooks
 * run both (rulesFor in src/systems). */
export const staticRules: Rule<CheckContext>[] = [];
