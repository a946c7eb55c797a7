import { judgeSql } from '../generator/compare.js';
import { newMigrations } from '../hooks/new-migrations.js';
import type { RangeContext } from '../hooks/range-context.js';
import type { Rule, RuleFinding } from '../types.js';

export const sqlNotGenerated: Rule<RangeContext> = {
  id: 'sql/not-generated',
  severity: 'error',
  description: "A new migration's SQL is not what drizzle-kit generates from the previous snapshot to its own (a hand edit); custom migrations are judged by sql/custom-migration.",
  async run(ctx) {
    if (!ctx.oracle) return [];
    const candidates = (await newMigrations(ctx)).filter((m) => !m.custom);
    if (candidates.length === 0) return [];
    const status = await ctx.oracle.status();
    if (!status.ok) {
      return [{
        severity: 'warn',
        key: 'unavailable',
        message: `the SQL of ${candidates.map((c) => c.migration.tag).join(', ')} was not compared with drizzle-kit's output: ${status.reason}`,
        fix: 'Install drizzle-kit in the project (npm i -D drizzle-kit) so driftgate can regenerate new migrations.',
      }];
    }
    const results = await ctx.oracle.generate(candidates.map((c) => ({ id: c.migration.tag, prev: c.prev, cur: c.cur })));
    const findings: RuleFinding[] = [];
    for (const [i, c] of candidates.entries()) {
      const verdict = judgeSql(c.sql, results[i], c.migration.entry?.breakpoints ?? ctx.head.settings.breakpoints);
      const file = ctx.head.display(c.migration.sqlPath);
      if (verdict.ok === true) continue;
      if (verdict.ok === 'unknown') {
        findings.push({ severity: 'warn', tag: c.migration.tag, key: 'unknown', file, message: `could not regenerate ${c.migration.tag} with drizzle-kit ${status.version}: ${verdict.reason}`, fix: 'Run with --debug for details; the other checks still ran.' });
        continue;
      }
      const how = verdict.method === 'exact'
        ? `drizzle-kit ${status.version} generates different SQL from the previous snapshot to this one: ${verdict.detail}`
        : `the change may be a rename, so it was compared statement by statement (a weaker check than byte-for-byte): ${verdict.detail}`;
      findings.push({
        tag: c.migration.tag,
        key: 'sql',
        file,
        message: `${c.migration.sqlPath} was edited by hand: ${how}`,
        fix: 'Keep generated SQL as drizzle-kit wrote it: change schema.ts and run drizzle-kit generate again; for SQL drizzle cannot express, use drizzle-kit generate --custom.',
      });
    }
    return findings;
  },
};
