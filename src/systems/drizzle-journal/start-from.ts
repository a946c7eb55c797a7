import type { EmbeddedPg } from '../../embedded/host/worker-host.js';
import { DriftgateError } from '../../errors.js';
import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import { readSnapshotJson } from '../../folder/read-files.js';
import { Oracle } from '../drizzle-kit/oracle.js';
import type { MigrationMeta } from '../../embedded/migration-meta.js';
import { quoteIdent } from '../../db/sql-client.js';


/** The migration `--from` names: its full tag, or its numeric prefix ("0042"). */
export function findFromMigration(folder: MigrationFolder, from: string): Migration {
  const found = folder.migrations.find((m) => m.tag === from) ?? folder.migrations.find((m) => m.tag.split('_')[0] === from);
  if (!found) throw new DriftgateError(`--from ${from}: no migration with that tag in ${folder.label}`, `Use a tag from meta/_journal.json, e.g. ${folder.migrations.at(-1)?.tag ?? '0000_init'}.`);
  return found;
}

/** Puts an empty embedded database into the state the snapshot of `migration` describes, without replaying the
 * history: the project's drizzle-kit generates the DDL from an empty schema to that snapshot (as `generate` would),
 * and drizzle's tracking table gets one row per migration up to it (hash and `when` as the migrator records them).
 * Limits: no data, and nothing snapshots do not describe (functions, triggers, extensions, grants, seed rows) —
 * a later migration that needs them fails, and says so. */
export async function startFrom(pg: EmbeddedPg, folder: MigrationFolder, metas: MigrationMeta[], migration: Migration, root: string): Promise<Record<string, unknown>> {
  const snapshot = migration.snapshot ? await readSnapshotJson(folder, migration.snapshot.path) : null;
  if (!snapshot) throw new DriftgateError(`--from ${migration.tag}: its snapshot is missing or unreadable`, 'Pick a migration with a valid meta/<prefix>_snapshot.json.');
  const oracle = new Oracle(root);
  let statements: string[];
  try {
    const status = await oracle.status();
    if (!status.ok) throw new DriftgateError(`--from needs the project's drizzle-kit to build the starting schema: ${status.reason}`, 'Install drizzle-kit in the project, or replay the whole history (omit --from).');
    const [result] = await oracle.generate([{ id: 'from', prev: null, cur: snapshot }]);
    if (result.mode === 'error') throw new DriftgateError(`--from ${migration.tag}: drizzle-kit could not generate its schema: ${result.message}`);
    statements = result.statements;
  } finally {
    oracle.close();
  }
  try {
    for (const statement of statements) await pg.exec(statement);
  } catch (error) {
    throw new DriftgateError(`--from ${migration.tag}: the schema generated from its snapshot does not apply: ${(error as Error).message}`, 'Replay the whole history instead (omit --from).');
  }
  const table = `${quoteIdent(folder.settings.schema)}.${quoteIdent(folder.settings.table)}`;
  await pg.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(folder.settings.schema)}; CREATE TABLE IF NOT EXISTS ${table} (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)`);
  for (const meta of metas.slice(0, migration.index + 1)) {
    await pg.query(`insert into ${table} ("hash", "created_at") values($1, $2)`, [meta.hash, meta.folderMillis]);
  }
  return snapshot;
}
