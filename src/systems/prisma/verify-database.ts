import type { SqlClient } from '../../db/sql-client.js';
import type { DatabaseVerdict } from '../../db/database-verdict.js';
import { timed } from '../../debug.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { prismaTableFindings } from './table-findings.js';
import { readPrismaTable } from './tracking-table.js';

/** The database checks for a Prisma Migrate folder: `_prisma_migrations` read directly, judged as migrate deploy
 * would. */
export async function verifyPrismaDatabase(client: SqlClient, folder: MigrationFolder, opts: { strict?: boolean } = {}): Promise<DatabaseVerdict> {
  const table = await timed('read _prisma_migrations', () => readPrismaTable(client, folder.settings.schema));
  const verdict = { tables: 0, columns: 0, total: folder.migrations.length, migrationsTable: table.table !== undefined };
  if (!table.table) {
    return {
      ...verdict,
      applied: 0,
      findings: [{
        rule: 'db/no-migrations-table',
        key: '_prisma_migrations',
        message: `_prisma_migrations does not exist in this database: it was never migrated with Prisma Migrate (or prisma db push was used)`,
        fix: 'Run prisma migrate deploy against it — or, for a database made with db push, baseline it: prisma migrate resolve --applied <each migration>.',
      }],
    };
  }
  const status = await prismaTableFindings(folder, table, opts);
  return { ...verdict, applied: status.applied.length, findings: status.findings };
}
