import type { DbFinding } from '../../db/db-finding.js';
import { parseFile, type ParsedFile } from './check-context.js';
import type { SupabaseFile, SupabaseFolder } from './migration-files.js';
import type { History } from './schema-migrations.js';
import { HISTORY_TABLE } from './schema-migrations.js';
import { tagOf } from './folder-model.js';

export interface HistoryVerdict {
  findings: DbFinding[];
  applied: number;
  total: number;
}

/** Judges the history table against the folder the way `supabase db push` would (its pending computation compares
 * versions as text), plus what the CLI never checks: a file edited after it was applied. */
export async function judgeHistory(folder: SupabaseFolder, history: History, opts: { strict?: boolean } = {}): Promise<HistoryVerdict> {
  const findings: DbFinding[] = [];
  const local = folder.migrations;
  if (!history.exists) {
    findings.push({
      rule: 'db/no-migrations-table',
      key: HISTORY_TABLE,
      message: `${HISTORY_TABLE} does not exist: no migration was ever applied to this database with the Supabase CLI${local.length ? ` (${local.length} local migration${local.length === 1 ? '' : 's'} pending)` : ''}`,
      fix: 'Apply them with supabase db push --db-url <url> (or supabase link + db push); if the schema was made another way, record it with supabase migration repair --status applied <version>.',
    });
    return { findings, applied: 0, total: local.length };
  }
  const byVersion = new Map<string, SupabaseFile>();
  for (const file of local) if (!byVersion.has(file.version!)) byVersion.set(file.version!, file);
  const applied = new Set(history.rows.map((r) => r.version));
  const newest = history.rows.at(-1)?.version;

  for (const row of history.rows) {
    if (byVersion.has(row.version)) continue;
    findings.push({
      rule: 'db/unknown-migration',
      severity: 'error',
      tag: row.name ? `${row.version}_${row.name}` : row.version,
      key: row.version,
      message: `version ${row.version}${row.name ? ` (${row.name})` : ''} is applied on this database but no local file has it: supabase db push refuses to run ("Remote migration versions not found in local migrations directory")`,
      fix: `Pull the branch that has it (git pull), or, if it was reverted on purpose: supabase migration repair --status reverted ${row.version}.`,
    });
  }
  for (const file of local) {
    if (applied.has(file.version!)) continue;
    if (newest !== undefined && file.version! < newest) {
      findings.push({
        rule: 'db/skipped-migration',
        tag: tagOf(file.name),
        key: file.version!,
        file: folder.display(file.name),
        message: `${file.name} is not applied, but this database already ran ${newest}, a later version: supabase db push refuses it ("Found local migration files to be inserted before the last migration on remote database") unless run with --include-all`,
        fix: `Rename it to a version after ${newest} if it has not reached any other database, or push with supabase db push --include-all after checking it still applies on top of ${newest}.`,
      });
      continue;
    }
    findings.push({
      rule: 'db/pending',
      ...(opts.strict ? { severity: 'error' as const } : {}),
      tag: tagOf(file.name),
      key: file.version!,
      file: folder.display(file.name),
      message: `${file.name} is not applied yet`,
      fix: 'Apply it: supabase db push (or supabase migration up against a local database).',
    });
  }
  const edits = await Promise.all(history.rows.map(async (row) => (byVersion.has(row.version) ? editedAfterApply(folder, byVersion.get(row.version)!, row.statements) : undefined)));
  for (const finding of edits) if (finding) findings.push(finding);
  return { findings, applied: history.rows.filter((r) => byVersion.has(r.version)).length, total: local.length };
}

/** The CLI keeps no checksum: the file, split the way the CLI splits it, must equal the statements it recorded. */
async function editedAfterApply(folder: SupabaseFolder, file: SupabaseFile, stored: string[] | null): Promise<DbFinding | undefined> {
  if (stored === null) return undefined; // written by a CLI too old to record statements: nothing to compare
  const read = await folder.source.read(file.name);
  if (!read.ok) return undefined;
  const parsed: ParsedFile = parseFile(read.data.toString('utf8'));
  const local = parsed.statements;
  const at = firstDifference(local.map((s) => s.text), stored);
  if (at < 0) return undefined;
  const line = local[at]?.line ?? local.at(-1)?.line;
  const what =
    at >= local.length
      ? `the applied version had ${stored.length - local.length} more statement${stored.length - local.length === 1 ? '' : 's'} at the end`
      : at >= stored.length
        ? `statement ${at + 1} onwards (line ${line}) is new`
        : `statement ${at + 1} (line ${line}) differs from the one applied`;
  return {
    rule: 'db/edited-after-apply',
    tag: tagOf(file.name),
    key: file.version!,
    file: folder.display(file.name),
    line,
    message: `${file.name} changed after this database applied it: ${what}; the CLI never re-runs an applied version, so the change never reaches this database`,
    fix: `Restore the file as it was applied (git log -p -- ${folder.display(file.name)}) and put the change in a new migration (supabase migration new <name>).`,
  };
}

function firstDifference(a: string[], b: string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}
