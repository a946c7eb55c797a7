import type { RangeContext } from '../hooks/range-context.js';
import { systemOf } from '../systems/index.js';
import type { Rule, RuleFinding } from '../types.js';

export const sqlCustomMigration: Rule<RangeContext> = {
  id: 'sql/custom-migration',
  severity: 'warn',
  description: 'A new `drizzle-kit generate --custom` migration (hand-written SQL, the sanctioned escape hatch): a notice by default; config customMigrations: "allow" | "warn" | "forbid".',
  async run(ctx) {
    if (ctx.customMigrations === 'allow') return [];
    const custom = (await systemOf(ctx.head).customMigrations?.(ctx)) ?? [];
    return custom.map((migration): RuleFinding => ({
      severity: ctx.customMigrations === 'forbid' ? 'error' : 'warn',
      tag: migration.tag,
      file: ctx.head.display(migration.sqlPath),
      message: ctx.customMigrations === 'forbid'
        ? `${migration.tag} is a custom migration (hand-written SQL), which this project forbids (customMigrations: "forbid")`
        : `${migration.tag} is a custom migration: its SQL is hand-written, so review it like code`,
      fix: ctx.customMigrations === 'forbid'
        ? 'Express the change in schema.ts and run drizzle-kit generate, or get the policy changed in driftgate.config.'
        : 'Nothing to do if intended; set customMigrations: "allow" to silence this notice.',
    }));
  },
};
