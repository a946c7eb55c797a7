import { timed } from '../../debug.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { v1State } from './state.js';
import { compareSchema } from '../../db/compare-schema.js';
import { expectedFromV1State } from './expected-from-state.js';
import { introspect } from '../../db/introspect.js';
import { localMigrations } from '../drizzle-journal/migrations-table.js';
import { readV1Table, v1TableFindings } from './migrations-table.js';
import type { SqlClient } from '../../db/sql-client.js';
import type { DatabaseVerdict } from '../../db/database-verdict.js';

/** The database checks for a drizzle-kit 1.0 folder: the tracking table by name, then the live schema against the
 * schema the APPLIED migrations describe — format-9 snapshots hold deltas, so their state is replayed (v1State)
 * over exactly the applied set: a database merely behind reports db/pending, not the pending objects as missing. */
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
  const last = status.applied.at(-1);
  if (!last) return { ...verdict, applied: 0, findings: status.findings };

  const applied = new Set(status.applied.map((m) => m.tag));
  const state = await timed('replay 1.0 snapshots', () => v1State(folder, { include: (m) => applied.has(m.tag) }));
  const expected = expectedFromV1State(state.map((e) => e.row));
  const actual = await timed('introspect', () => introspect(client, expected.schemas));
  let columns = 0;
  for (const t of expected.tables.values()) columns += t.columns.size;
  const label = `reconstructed snapshot of ${last.tag}`;
  return {
    ...verdict,
    tables: expected.tables.size,
    columns,
    applied: status.applied.length,
    findings: [...status.findings, ...compareSchema(expected, actual, { strict: opts.strict, expectedLabel: label })],
    comparedWith: { tag: last.tag, reason: 'last applied' },
  };
}
