import { shellQuote } from '../../messages.js';
import type { DbFinding } from '../../db/db-finding.js';
import type { Migration, MigrationFolder } from '../../folder/migration-folder.js';
import { readText } from '../../folder/read-files.js';
import { matchesChecksum } from './checksum.js';
import { isApplied, isFailed, type PrismaRow, type PrismaTable } from './tracking-table.js';

export interface PrismaTableStatus {
  findings: DbFinding[];
  applied: Migration[];
}

/** The line of Prisma's logs that says what went wrong (its first line is a generic "external connector error"). */
const reasonOf = (logs: string | null) => {
  const lines = (logs ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /\bERROR:/.test(l)) ?? lines[0])?.replace(/^Error querying the database:\s*/, '').slice(0, 300);
};

/** Judges `_prisma_migrations` against the folder the way `prisma migrate deploy` decides: a failed migration stops
 * everything (P3009), unapplied folders are applied in name order — even ones sorting before applied ones —,
 * applied rows whose checksum no longer matches the file are edits (line endings tolerated, as Prisma does), and
 * rows without a folder were applied from elsewhere. */
export async function prismaTableFindings(folder: MigrationFolder, t: PrismaTable, opts: { strict?: boolean } = {}): Promise<PrismaTableStatus> {
  const rowsByName = new Map<string, PrismaRow[]>();
  for (const row of t.rows) rowsByName.set(row.migrationName, [...(rowsByName.get(row.migrationName) ?? []), row]);
  const findings: DbFinding[] = [];
  const applied: Migration[] = [];
  const pending: Migration[] = [];
  const failed = t.rows.filter(isFailed);
  const lastApplied = [...folder.migrations].reverse().find((m) => rowsByName.get(m.tag)?.some(isApplied));

  for (const row of failed) {
    const local = folder.migrations.find((m) => m.tag === row.migrationName);
    const reason = reasonOf(row.logs);
    findings.push({
      rule: 'db/failed-migration',
      tag: row.migrationName,
      key: row.migrationName,
      file: local ? folder.display(local.sqlPath) : undefined,
      message: `${row.migrationName} failed in this database (started ${row.startedAt}, ${row.appliedStepsCount} step${row.appliedStepsCount === 1 ? '' : 's'} applied${reason ? `: ${reason}` : ''}): prisma migrate deploy refuses to apply any later migration until it is resolved (P3009)`,
      fix: `Undo what it applied by hand, then run: npx prisma migrate resolve --rolled-back ${shellQuote(row.migrationName)} — or, if you finished it by hand: npx prisma migrate resolve --applied ${shellQuote(row.migrationName)}. Then prisma migrate deploy.`,
    });
  }

  for (const m of folder.migrations) {
    const rows = rowsByName.get(m.tag) ?? [];
    const done = rows.find(isApplied);
    if (rows.some(isFailed)) continue; // reported above
    if (!done) {
      pending.push(m);
      continue;
    }
    applied.push(m);
    const text = m.sqlExists ? await readText(folder, m.sqlPath) : null;
    if (text === null || matchesChecksum(text, done.checksum)) continue;
    findings.push({
      rule: 'db/edited-after-apply',
      tag: m.tag,
      key: m.tag,
      file: folder.display(m.sqlPath),
      message: `${m.tag}/migration.sql was edited after it was applied: the database recorded checksum ${done.checksum.slice(0, 12)}…, the file no longer matches (line endings aside); prisma migrate dev will want to reset the database`,
      fix: 'Prisma never re-runs an applied migration: revert the file to what was applied (git log -p on it) and put the change in a new migration.',
    });
  }

  const blockedBy = failed[0]?.migrationName;
  for (const m of pending) {
    const late = lastApplied && lastApplied.index > m.index;
    findings.push({
      rule: 'db/pending',
      tag: m.tag,
      key: m.tag,
      file: folder.display(m.sqlPath),
      ...(opts.strict ? { severity: 'error' as const } : {}),
      message: `${m.tag} is not applied yet${blockedBy ? ` — and cannot be while ${blockedBy} is failed` : ''}${late ? ` — it sorts before ${lastApplied!.tag}, which is applied: prisma migrate deploy will run it after newer migrations` : ''}`,
      fix: blockedBy ? `Resolve ${blockedBy} first (see db/failed-migration), then run prisma migrate deploy.` : 'Run prisma migrate deploy against this database.',
    });
  }

  const localNames = new Set(folder.migrations.map((m) => m.tag));
  for (const [name, rows] of rowsByName) {
    if (localNames.has(name) || !rows.some(isApplied)) continue;
    findings.push({
      rule: 'db/unknown-migration',
      key: name,
      message: `${name} is applied in this database but has no folder in ${folder.label}: applied from another branch, or its folder was renamed or deleted`,
      fix: 'Merge the branch that has it, or restore the folder under that exact name; Prisma (migrate dev) otherwise reports a drifted history.',
    });
  }
  return { findings, applied };
}
