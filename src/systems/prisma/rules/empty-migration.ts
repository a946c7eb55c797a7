import { migrationsInScope, type CheckContext } from '../../../rules/check-context.js';
import type { Rule, RuleFinding } from '../../../types.js';

export const prismaEmptyMigration: Rule<CheckContext> = {
  id: 'prisma/empty-migration',
  severity: 'warn',
  description: 'A Prisma migration.sql with no statement (prisma migrate dev --create-only left it empty, or the edit was never saved).',
  async run(ctx) {
    const findings: RuleFinding[] = [];
    for (const m of migrationsInScope(ctx)) {
      if (!m.sqlExists) continue;
      const statements = await ctx.statements(m);
      if (statements === null || statements.some((s) => s.code.replace(/;/g, '').trim() !== '')) continue;
      findings.push({
        tag: m.tag,
        file: ctx.folder.display(m.sqlPath),
        message: `${m.tag}/migration.sql has no SQL statement: Prisma records it as applied and it changes nothing`,
        fix: 'Write the SQL it was created for (prisma migrate dev --create-only leaves an empty file to fill in), or delete the folder if it is not needed and no database applied it yet.',
      });
    }
    return findings;
  },
};
