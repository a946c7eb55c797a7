import { timed } from '../../debug.js';
import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import { readSnapshotJson } from '../../folder/read-files.js';
import { emptyCatalog, type CatalogModel } from '../../db/catalog-model.js';
import { compareSchema } from '../../db/compare-schema.js';
import type { DatabaseVerdict } from '../../db/database-verdict.js';
import type { DbFinding } from '../../db/db-finding.js';
import { expectedFromSnapshot } from './expected-from-snapshot.js';
import { introspect } from '../../db/introspect.js';
import { restrictModel, type CatalogScope } from '../../db/catalog-scope.js';
import { localMigrations, migrationTableFindings, readAppliedMigrations } from './migrations-table.js';
import type { SqlClient } from '../../db/sql-client.js';
import { snapshotShapeProblem } from '../../db/snapshot-shape.js';
import { DriftgateError } from '../../errors.js';
import { snapshotUnusableHint } from '../../messages.js';

/** The newest snapshot at or before `m` (a migration without its own snapshot shares its predecessor's schema). */
function snapshotAtOrBefore(folder: MigrationFolder, m: Migration | undefined): Migration | undefined {
  if (!m) return undefined;
  for (let i = m.index; i >= 0; i--) if (folder.migrations[i]?.snapshot) return folder.migrations[i];
  return undefined;
}

async function loadExpected(folder: MigrationFolder, m: Migration | undefined): Promise<CatalogModel | undefined> {
  if (!m?.snapshot) return undefined;
  const json = await readSnapshotJson(folder, m.snapshot.path);
  const problem = json ? snapshotShapeProblem(json) : undefined;
  if (problem) throw new DriftgateError(`${folder.display(m.snapshot.path)}: ${problem}`, snapshotUnusableHint);
  return json ? expectedFromSnapshot(json) : undefined;
}

/** All database checks for one folder over any SqlClient — the live server and embedded Postgres share this:
 * the migrations table (drizzle's watermark rule), then the live schema against the snapshot of the last applied
 * migration (so a database that is merely behind reports db/pending, not a hundred missing columns). */
export async function verifyDatabase(
  client: SqlClient,
  folder: MigrationFolder,
  // whileIntrospecting: called once the catalog queries are issued — the caller's CPU work fits in the server's time.
  opts: { strict?: boolean; whileIntrospecting?: () => void; scope?: CatalogScope } = {},
): Promise<DatabaseVerdict> {
  const [local, applied] = await Promise.all([
    localMigrations(folder),
    timed('read migrations table', () => readAppliedMigrations(client, folder.settings.table, folder.settings.schema)),
  ]);
  const status = migrationTableFindings(folder, local, applied, opts);
  const findings: DbFinding[] = [];
  const latest = snapshotAtOrBefore(folder, folder.migrations.at(-1));

  if (!applied.exists) {
    const expected = (await loadExpected(folder, latest)) ?? emptyCatalog();
    const pending = timed('introspect', () => introspect(client, expected.schemas));
    opts.whileIntrospecting?.();
    const actual = await pending;
    const present = [...expected.tables.keys()].filter((k) => actual.tables.has(k)).length;
    const verdict = { tables: expected.tables.size, columns: countColumns(expected), applied: 0, total: folder.migrations.length, migrationsTable: false };
    if (present === 0) {
      findings.push({
        rule: 'db/no-migrations-table',
        key: applied.table,
        message: `${applied.table} does not exist and none of the ${expected.tables.size} tables of the latest snapshot do: this database was never migrated (or drizzle-kit push created nothing)`,
        fix: 'Run your migrate command (drizzle-kit migrate) against it, then verify again.',
      });
      return { ...verdict, findings };
    }
    findings.push({
      rule: 'db/no-migrations-table',
      key: applied.table,
      message: `${applied.table} does not exist, but ${present} of the ${expected.tables.size} tables of the latest snapshot do: the schema was made with drizzle-kit push (or by hand), not by migrations`,
      fix: `drizzle-kit migrate would try to create everything again. Keep using push on this database, or adopt migrations: create ${applied.table} (id serial primary key, hash text not null, created_at bigint) and insert one row per journal entry (hash = sha256 of the .sql file, created_at = its when).`,
    });
    const tag = latest!.tag;
    findings.push(...compareSchema(expected, actual, { strict: opts.strict, expectedLabel: `snapshot of ${tag}` }));
    return { ...verdict, findings, comparedWith: { tag, reason: 'latest (no migrations table)' } };
  }

  findings.push(...status.findings);
  const base = snapshotAtOrBefore(folder, status.lastApplied);
  const whole = await loadExpected(folder, base);
  const verdict = { tables: whole?.tables.size ?? 0, columns: whole ? countColumns(whole) : 0, applied: status.applied.length, total: folder.migrations.length, migrationsTable: true };
  if (!whole || !base) return { ...verdict, findings };
  const { scope } = opts;
  const expected = scope ? restrictModel(whole, scope.tables, scope.others) : whole;
  const pending = timed('introspect', () => introspect(client, expected.schemas, scope ? { tables: scope.tables, others: scope.others } : {}));
  opts.whileIntrospecting?.();
  const actual = await pending;
  findings.push(...compareSchema(expected, actual, { strict: opts.strict, expectedLabel: `snapshot of ${base.tag}` }));
  return { ...verdict, findings, comparedWith: { tag: base.tag, reason: 'last applied' }, ...(scope ? { scoped: true } : {}) };
}

function countColumns(model: CatalogModel): number {
  let n = 0;
  for (const t of model.tables.values()) n += t.columns.size;
  return n;
}
