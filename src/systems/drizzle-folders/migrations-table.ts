import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import { folderTime } from '../../folder/folder-time.js';
import type { DbFinding } from '../../db/db-finding.js';
import { lineEndingsFinding, pendingFinding, type LocalMigration } from '../drizzle-journal/migrations-table.js';
import { quoteIdent, type SqlClient } from '../../db/sql-client.js';
import { isoTime } from '../../messages.js';

/** A row of drizzle-orm 1.0's tracking table (`id, hash, created_at, name, applied_at`); name/applied_at are absent
 * while the table is still in the 0.x shape. */
export interface V1Row {
  id: number;
  hash: string;
  createdAt: number;
  name: string | null;
  /** NULL for rows drizzle-orm 1.0 backfilled when it upgraded a 0.x table (they were applied under 0.x). */
  appliedAt: string | null;
}

export interface V1Table {
  exists: boolean;
  /** False: the 0.x shape (id, hash, created_at) that 1.0's next migrate upgrades. */
  hasName: boolean;
  rows: V1Row[];
  table: string;
}


/** Reads the tracking table in whichever shape it has (two queries; one when it is absent). */
export async function readV1Table(client: SqlClient, table: string, schema: string): Promise<V1Table> {
  const qualified = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const columns = (await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = $1 and table_name = $2`,
    [schema, table],
  )).map((c) => c.column_name);
  if (columns.length === 0) return { exists: false, hasName: false, rows: [], table: qualified };
  const hasName = columns.includes('name');
  const hasAppliedAt = columns.includes('applied_at');
  const rows = await client.query<Record<string, unknown>>(
    `select id, hash, created_at${hasName ? ', name' : ''}${hasAppliedAt ? ', applied_at::text as applied_at' : ''} from ${qualified} order by id`,
  );
  return {
    exists: true,
    hasName,
    table: qualified,
    rows: rows.map((r) => ({
      id: Number(r.id),
      hash: String(r.hash),
      createdAt: Number(r.created_at),
      name: typeof r.name === 'string' ? r.name : null,
      appliedAt: typeof r.applied_at === 'string' ? r.applied_at : null,
    })),
  };
}

/** drizzle-orm 1.0's upToV1: a 0.x row belongs to the folder stamped in the same second (by hash when several are),
 * else to the folder with its hash. Returns row id → folder name; unmatched rows make that migrate throw. */
function matchLegacyRows(local: LocalMigration[], rows: V1Row[]): Map<number, string> {
  const bySecond = new Map<number, LocalMigration[]>();
  const byHash = new Map<string, LocalMigration>();
  for (const lm of local) {
    const at = folderTime(lm.migration.tag);
    if (at !== undefined) bySecond.set(at, [...(bySecond.get(at) ?? []), lm]);
    if (lm.hash) byHash.set(lm.hash, lm);
  }
  const names = new Map<number, string>();
  for (const row of rows) {
    const second = Math.trunc(row.createdAt / 1000) * 1000;
    const candidates = bySecond.get(second);
    const match = candidates?.length === 1 ? candidates[0] : candidates ? candidates.find((c) => c.hash === row.hash) : byHash.get(row.hash);
    if (match) names.set(row.id, match.migration.tag);
  }
  return names;
}

export interface V1TableStatus {
  findings: DbFinding[];
  applied: Migration[];
}

/** Judges drizzle-orm 1.0's tracking table: it applies every folder whose NAME is not recorded (no watermark), and
 * records sha256(migration.sql) without ever comparing it. */
export function v1TableFindings(folder: MigrationFolder, local: LocalMigration[], t: V1Table, opts: { strict?: boolean } = {}): V1TableStatus {
  const findings: DbFinding[] = [];
  const legacy = t.hasName ? undefined : matchLegacyRows(local, t.rows);
  const nameOf = (row: V1Row) => (legacy ? (legacy.get(row.id) ?? null) : row.name);
  const rowByName = new Map<string, V1Row>();
  for (const row of t.rows) {
    const name = nameOf(row);
    if (name !== null && !rowByName.has(name)) rowByName.set(name, row);
  }

  if (legacy) {
    findings.push({
      rule: 'db/table-upgrade',
      key: 'legacy',
      message: `${t.table} is still in drizzle-orm 0.x's shape (no name column): the next drizzle-orm 1.0 migrate adds name and applied_at and names its ${t.rows.length} row${t.rows.length === 1 ? '' : 's'} by matching created_at to the folder timestamps (${legacy.size} match)`,
      fix: 'Nothing to do if every row matches; the upgrade runs inside that migrate.',
    });
  } else {
    const backfilled = t.rows.filter((r) => r.appliedAt === null && r.name !== null).length;
    if (backfilled > 0) {
      findings.push({
        rule: 'db/table-upgrade',
        key: 'backfilled',
        message: `${backfilled} row${backfilled === 1 ? ' has' : 's have'} no applied_at: drizzle-orm 1.0 backfilled ${backfilled === 1 ? 'its name' : 'their names'} when it upgraded the 0.x table (applied under 0.x) — expected, not a problem`,
      });
    }
  }

  const applied: Migration[] = [];
  const lastApplied = [...local].reverse().find((lm) => rowByName.has(lm.migration.tag))?.migration;
  for (const lm of local) {
    const m = lm.migration;
    const file = folder.display(m.sqlPath);
    const row = rowByName.get(m.tag);
    if (!row) {
      const late = lastApplied && lastApplied.index > m.index;
      const lateNote = late ? ` — and it sorts before ${lastApplied!.tag}, which is: drizzle-orm 1.0 will run it after newer migrations` : undefined;
      findings.push(pendingFinding(m, file, { strict: opts.strict, late: lateNote, migrator: 'drizzle-orm 1.0' }));
      continue;
    }
    applied.push(m);
    if (!lm.hash || lm.hash === row.hash) continue;
    if (lm.lineEndingHashes.includes(row.hash)) {
      findings.push(lineEndingsFinding(m, file));
    } else {
      findings.push({
        rule: 'db/edited-after-apply',
        tag: m.tag,
        file,
        key: m.tag,
        message: `${m.tag}/migration.sql was edited after it was applied: its sha256 is ${lm.hash.slice(0, 12)}…, the database recorded ${row.hash.slice(0, 12)}…`,
        fix: 'drizzle-orm 1.0 never re-runs it: revert the file to what was applied (git log -p on it), and put the change in a new migration.',
      });
    }
  }

  const localNames = new Set(local.map((lm) => lm.migration.tag));
  for (const row of t.rows) {
    const name = nameOf(row);
    if (name !== null && localNames.has(name)) continue;
    findings.push({
      rule: 'db/unknown-migration',
      key: `${row.createdAt}:${row.hash}`,
      ...(legacy ? { severity: 'error' as const } : {}),
      message: legacy
        ? `row id ${row.id} of ${t.table} (created_at ${row.createdAt} = ${isoTime(row.createdAt)}) matches no folder by timestamp or hash: drizzle-orm 1.0's first migrate will stop with "migrations in the database that do not match any local migration"`
        : `row id ${row.id} of ${t.table} (${row.name === null ? 'no name' : `name ${row.name}`}) matches no folder in ${folder.label}`,
      fix: legacy
        ? 'Restore the migration that row records (another branch? a renamed or deleted folder?), or rename its folder to the second of its created_at.'
        : 'It was applied from another branch or a folder that has since been renamed or deleted: merge that branch, or restore the folder under that name.',
    });
  }
  return { findings, applied };
}
