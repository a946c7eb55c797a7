import { timed } from '../debug.js';
import type { MigrationFolder } from '../folder/migration-folder.js';
import { localMigrations } from './migrations-table.js';
import { readV1Table, v1TableFindings } from './migrations-table-v1.js';
import type { SqlClient } from './sql-client.js';
import type { DatabaseVerdict } from './verify-database.js';

/** The database checks for a drizzle-kit 1.0 folder: the tracking table by name. The schema is not compared with
 * the snapshot yet (format-9 snapshots hold deltas; see the drizzle-v1 section of the README). */
export async function verifyV1Database(client: SqlClient, folder: MigrationFolder, opts: { strict?: boolean } = {}): Promise<DatabaseVerdict> {
  const [local, table] = await Promise.all([
    localMigrations(folder),
    timed('read migrations table', () => readV1Table(client, folder.settings.table, folder.settings.schema)),
  ]);
  const verdict = { tables: 0, columns: 0, total: folder.migrations.length, migrationsTable: table.exists };
  if (!table.exists) {
    return {
      ...verdict,
      applied: 0,
      findings: [{
        rule: 'db/no-migrations-table',
        key: table.table,
        message: `${table.table} does not exist: this database was never migrated (or drizzle-kit push was used)`,
        fix: 'Run your migrate command (drizzle-kit migrate) against it, then verify again.',
      }],
    };
  }
  const status = v1TableFindings(folder, local, table, opts);
  return { ...verdict, applied: status.applied.length, findings: status.findings };
}
