import type { Rule } from '../types.js';
import { staticRuleCatalog, SYSTEMS } from '../systems/index.js';
import { DB_RULES } from '../db/db-rules.js';
import { rangeRules } from '../hooks/judge-range.js';
import { gitUncommittedMigration } from './git-uncommitted-migration.js';
import { schemaOutOfSync } from '../schema/out-of-sync.js';
import { typecheckFailed } from '../steps/typecheck-failed.js';
import { REPLAY_RULES } from '../embedded/rules/index.js';

/** Every rule driftgate knows, for `driftgate rules` and the docs. Later rule families register here. */
export function allRules(): Rule<unknown>[] {
  return [
    ...(staticRuleCatalog() as Rule<unknown>[]),
    ...(DB_RULES as Rule<unknown>[]),
    ...(REPLAY_RULES as Rule<unknown>[]),
    ...(SYSTEMS.flatMap((s) => s.replayRules ?? []) as Rule<unknown>[]),
    ...SYSTEMS.flatMap((s) => s.upgradeRules ?? []),
    ...(rangeRules as Rule<unknown>[]), gitUncommittedMigration as Rule<unknown>, schemaOutOfSync as Rule<unknown>, typecheckFailed as Rule<unknown>,
  ];
}
