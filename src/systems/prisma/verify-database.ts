import type { SqlClient } from '../../db/sql-client.js';
import type { DatabaseVerdict } from '../../db/database-verdict.js';
import { timed } from '../../debug.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { prismaTableFindings } from './table-findings.js';
import { readPrismaTable } from './tracking-table.js';
import type { VerifyDatabaseOptions } from '../migration-system.js';
import { liveDrift } from './drift.js';
import { schemaLabel } from './schema-label.js';

/** What a clean Prisma database was checked for: no table or column count — the engine compared the schema. */
const verifiedText = (table: string, schema: string | undefined) =>
  `none failed or edited in ${table.replace(/"/g, '')}${schema ? `, and the live schema matches ${schema} (Prisma's schema engine)` : ' (the live schema was not compared: no schema.prisma)'}`;

/** The database checks for a Prisma Migrate folder: `_prisma_migrations` read directly, judged as migrate deploy
 * would. */
export async function verifyPrismaDatabase(client: SqlClient, folder: MigrationFolder, opts: VerifyDatabaseOptions = {}): Promise<DatabaseVerdict> {
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
  const upToDate = status.applied.length === folder.migrations.length && !status.findings.some((f) => f.rule === 'db/failed-migration');
  // Drift is judged on a database the migrations say is complete: one merely behind differs by its pending ones.
  const compared = upToDate && opts.url && opts.target?.schema.length;
  const drift = compared ? await timed('prisma drift', () => liveDrift(opts.url!, opts.target!)) : [];
  return { ...verdict, applied: status.applied.length, findings: [...status.findings, ...drift], verified: verifiedText(table.table, compared ? schemaLabel(opts.target!) : undefined) };
}
