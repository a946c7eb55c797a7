import type { Rule } from '../../../types.js';
import { upgradeBlocked } from './blocked.js';
import { upgradeLeftBehind } from './left-behind.js';
import { upgradeNameCollision } from './name-collision.js';
import { upgradeOrderChange } from './order-change.js';
import { upgradePlan } from './plan-rule.js';
import type { UpgradeContext } from './upgrade-context.js';
import { upgradeWhenFuture } from './when-future.js';
import { upgradeWhenRegression } from './when-regression.js';

/** The rules of `driftgate check --upgrade-preview` (0.x folders only). */
export const upgradeRules: Rule<UpgradeContext>[] = [
  upgradePlan,
  upgradeWhenRegression,
  upgradeOrderChange,
  upgradeWhenFuture,
  upgradeNameCollision,
  upgradeBlocked,
  upgradeLeftBehind,
];
