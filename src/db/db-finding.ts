import type { RuleFinding } from '../types.js';

/** What the database checks produce: a rule finding that already names its rule (one of DB_RULES). */
export type DbFinding = RuleFinding & { rule: string };
