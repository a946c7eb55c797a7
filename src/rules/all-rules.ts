import { SYSTEMS } from '../systems/index.js';
import type { Rule } from '../types.js';
import { staticRules } from './index.js';
import { DB_RULES } from '../db/db-rules.js';
import { rangeRules } from '../hooks/judge-range.js';
import { gitUncommittedMigration } from './git-uncommitted-migration.js';
import { schemaOutOfSync } from '../schema/out-of-sync.js';
import { typecheckFailed } from '../steps/typecheck-failed.js';
import { REPLAY_RULES } from '../embedded/rules/index.js';
import { upgradeRules } from '../upgrade/index.js';

/** Every rule driftgate knows, for `driftgate rules` and the docs. Later rule families register here. */
export function allRules(): Rule<unknown>[] {
  const rules = [
    ...(staticRules as Rule<unknown>[]),
    ...(SYSTEMS.flatMap((system) => system.rules) as Rule<unknown>[]),
    ...(DB_RULES as Rule<unknown>[]),
    ...(REPLAY_RULES as Rule<unknown>[]),
    ...(upgradeRules as Rule<unknown>[]),
    ...(rangeRules as Rule<unknown>[]), gitUncommittedMigration as Rule<unknown>, schemaOutOfSync as Rule<unknown>, typecheckFailed as Rule<unknown>,
  ];
  // Systems share rules (drizzle's two layouts both run the static rules): each id once.
  return rules.filter((rule, i) => rules.findIndex((r) => r.id === rule.id) === i);
}
