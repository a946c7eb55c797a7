import { isoTime } from '../../messages.js';
import { createHash } from 'node:crypto';
import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import type { DbFinding } from '../../db/db-finding.js';
import { quoteIdent, type SqlClient } from '../../db/sql-client.js';

/** One row of drizzle's tracking table: drizzle stores sha256(sql text) as `hash` and the journal `when` as
 * `created_at`. */
export interface AppliedRow {
  id: number;
  hash: string;
  createdAt: number;
}

export interface AppliedMigrations {
  /** False when the table does not exist. */
  exists: boolean;
  rows: AppliedRow[];
  /** `"schema"."table"`, quoted as SQL. */
  table: string;
}


/** Reads drizzle's migrations table (two queries; none when it is absent). */
export async function readAppliedMigrations(client: SqlClient, table: string, schema: string): Promise<AppliedMigrations> {
  const qualifiedName = `${quoteIdent(schema)}.${quoteIdent(table)}`;
  const [found] = await client.query<{ present: boolean }>(`select pg_catalog.to_regclass($1) is not null as present`, [qualifiedName]);
  if (!found?.present) return { exists: false, rows: [], table: qualifiedName };
  const rows = await client.query<{ id: unknown; hash: unknown; created_at: unknown }>(`select id, hash, created_at from ${qualifiedName} order by id`);
  return {
    exists: true,
    table: qualifiedName,
    rows: rows.map((r) => ({ id: Number(r.id), hash: String(r.hash), createdAt: Number(r.created_at) })),
  };
}

/** A local migration with the hashes drizzle would record for it (and its CRLF/LF twins). */
export interface LocalMigration {
  migration: Migration;
  /** sha256 of the file as drizzle reads it (utf8 text); undefined when the file is missing. */
  hash?: string;
  /** sha256 after converting the file's line endings to LF, and to CRLF. */
  lineEndingHashes: string[];
}

/** db/line-endings: the file differs from the applied one only in CRLF/LF. */
export const lineEndingsFinding = (m: Migration, file: string): DbFinding => ({
  rule: 'db/line-endings', tag: m.tag, file, key: m.tag, message: `${m.tag} differs from the applied file only in line endings (CRLF vs LF)`,
  fix: 'Harmless to the database; make checkouts agree: add "*.sql text eol=lf" to .gitattributes.',
});

/** `db/pending` (an error under --strict), shared by both drizzle generations; `late` explains an out-of-order one,
 * `migrator` names the drizzle-orm whose migrate() applies it. */
export const pendingFinding = (m: Migration, file: string, opts: { strict?: boolean; late?: string; migrator: string }): DbFinding => ({
  rule: 'db/pending',
  tag: m.tag,
  file,
  key: m.tag,
  ...(opts.strict ? { severity: 'error' as const } : {}),
  message: `${m.tag} is not applied yet${opts.late ?? ''}`,
  fix: `Run your migrate command (drizzle-kit migrate, or migrate() from ${opts.migrator}) against this database.`,
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function localMigrations(folder: MigrationFolder): Promise<LocalMigration[]> {
  return Promise.all(
    folder.migrations.map(async (migration) => {
      const read = migration.sqlExists ? await folder.source.read(migration.sqlPath) : undefined;
      if (!read?.ok) return { migration, lineEndingHashes: [] };
      const text = read.data.toString('utf8');
      const lf = text.replace(/\r\n/g, '\n');
      const crlf = lf.replace(/\n/g, '\r\n');
      return { migration, hash: sha256(text), lineEndingHashes: [sha256(lf), sha256(crlf)].filter((h) => h !== sha256(text)) };
    }),
  );
}

export interface MigrationStatus {
  findings: DbFinding[];
  /** Local migrations the database has applied (by created_at or hash), in journal order. */
  applied: Migration[];
  /** The last migration in journal order that is applied: whose snapshot the schema is compared with. */
  lastApplied?: Migration;
  /** The database's newest created_at — drizzle's watermark. */
  watermark?: number;
}

/** Judges the migrations table against the local folder the way drizzle-orm 0.45's migrator behaves: it applies an
 * entry only when its `when` is greater than the newest `created_at`, and never compares hashes. */
export function migrationTableFindings(folder: MigrationFolder, local: LocalMigration[], applied: AppliedMigrations, opts: { strict?: boolean } = {}): MigrationStatus {
  const findings: DbFinding[] = [];
  const rows = applied.rows;
  const watermark = rows.length ? Math.max(...rows.map((r) => r.createdAt)) : undefined;
  const matchedRows = new Set<AppliedRow>();
  const appliedList: Migration[] = [];
  const unapplied: LocalMigration[] = [];
  const byWhen = new Map<number, AppliedRow[]>();
  for (const r of rows) byWhen.set(r.createdAt, [...(byWhen.get(r.createdAt) ?? []), r]);
  const byHash = new Map<string, AppliedRow[]>();
  for (const r of rows) byHash.set(r.hash, [...(byHash.get(r.hash) ?? []), r]);

  for (const lm of local) {
    const m = lm.migration;
    const file = folder.display(m.sqlPath);
    const sameWhen = m.when === undefined ? [] : (byWhen.get(m.when) ?? []);
    const sameHash = lm.hash ? (byHash.get(lm.hash) ?? []) : [];
    for (const r of [...sameWhen, ...sameHash]) matchedRows.add(r);
    if (!sameWhen.length && !sameHash.length) {
      unapplied.push(lm);
      continue;
    }
    appliedList.push(m);
    if (sameWhen.length && lm.hash && !sameWhen.some((r) => r.hash === lm.hash)) {
      const row = sameWhen[0];
      if (row && lm.lineEndingHashes.includes(row.hash)) {
        findings.push(lineEndingsFinding(m, file));
      } else if (row) {
        findings.push({
          rule: 'db/edited-after-apply',
          tag: m.tag,
          file,
          key: m.tag,
          message: `${m.tag} was edited after it was applied: its sha256 is ${lm.hash!.slice(0, 12)}…, the database recorded ${row.hash.slice(0, 12)}… (created_at ${row.createdAt})`,
          fix: 'drizzle never re-runs it: revert the file to what was applied (git log -p on it), and put the change in a new migration.',
        });
      }
    }
  }

  let restamp = watermark ?? 0;
  for (const lm of unapplied) {
    const m = lm.migration;
    const file = folder.display(m.sqlPath);
    if (watermark !== undefined && m.when !== undefined && m.when <= watermark) {
      restamp += 1;
      const insert = `INSERT INTO ${applied.table} ("hash", "created_at") VALUES ('${lm.hash ?? '<sha256 of the file>'}', ${m.when});`;
      findings.push({
        rule: 'db/skipped-migration',
        tag: m.tag,
        file,
        key: m.tag,
        message: `${m.tag} is not applied and drizzle will never apply it: its when ${m.when} (${isoTime(m.when)}) is not later than the database's newest created_at ${watermark} (${isoTime(watermark)})`,
        fix: `Set its "when" in meta/_journal.json to ${restamp} so the next migrate applies it; or, if its changes are already in the database, record it without running it: ${insert}`,
      });
    } else {
      findings.push(pendingFinding(m, file, { strict: opts.strict, migrator: 'drizzle-orm' }));
    }
  }

  const knownHashes = new Set(local.flatMap((lm) => (lm.hash ? [lm.hash, ...lm.lineEndingHashes] : [])));
  for (const r of rows) {
    if (matchedRows.has(r) || knownHashes.has(r.hash)) continue;
    findings.push({
      rule: 'db/unknown-migration',
      key: `${r.createdAt}:${r.hash}`,
      message: `row id ${r.id} of ${applied.table} (created_at ${r.createdAt} = ${isoTime(r.createdAt)}, hash ${r.hash.slice(0, 12)}…) matches no migration in ${folder.label}`,
      fix: 'It was applied from another branch or from a file that has since changed: merge that branch, or find the file with that sha256.',
    });
  }
  return { findings, applied: appliedList, lastApplied: appliedList.at(-1), watermark };
}
