import type { DbFinding } from '../../db/db-finding.js';
import { extensionsIn } from '../../embedded/extensions.js';
import type { EmbeddedQueryable } from '../../embedded/host/worker-host.js';
import type { ReplayOutcome } from '../../embedded/replay-outcome.js';
import { parseFile, type ParsedFile } from './check-context.js';
import { codeLine, isNonTransactional } from './execution-plan.js';
import { tagOf } from './folder-model.js';
import type { SupabaseFile, SupabaseFolder } from './migration-files.js';
import type { CliStatement } from './split-statements.js';

const HISTORY_DDL = [
  'CREATE SCHEMA IF NOT EXISTS supabase_migrations',
  'CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY, statements text[], name text)',
];

interface PgError {
  message: string;
  code?: string;
  position?: string | number;
  hint?: string;
}

/** Where a statement failed, for the finding. */
interface Failure {
  file: SupabaseFile;
  statement: CliStatement;
  error: PgError;
}

/** Applies the folder to an empty embedded database the way `supabase db push` applies it to a fresh one (each file
 * after `RESET ALL`: one transaction, split around non-transactional statements, or statement by statement when it
 * has transaction control), recording each in supabase_migrations.schema_migrations as the CLI does. Stops at the
 * first failing statement, as the CLI does. Versions already recorded (a cached prefix) are skipped. */
export async function replaySupabase(pg: EmbeddedQueryable, folder: SupabaseFolder): Promise<ReplayOutcome & { failure?: Failure }> {
  const started = performance.now();
  for (const ddl of HISTORY_DDL) await pg.exec(ddl);
  // A state restored from the replay cache already holds a prefix: skip what it recorded, as db push would.
  const recorded = new Set((await pg.query<{ version: string }>('SELECT version FROM supabase_migrations.schema_migrations')).rows.map((r) => r.version));
  let applied = recorded.size;
  const stubs = await standIns(pg);
  for (const file of folder.migrations) {
    if (recorded.has(file.version!)) continue;
    const read = await folder.source.read(file.name);
    if (!read.ok) continue;
    const parsed = parseFile(read.data.toString('utf8'));
    await resetSession(pg);
    const failed = await applyFile(pg, parsed, stubs);
    if (failed) {
      const failure = { file, ...failed };
      return { findings: [failedFinding(folder, failure, stubs)], total: folder.migrations.length, applied, compared: 0, via: 'the Supabase CLI\'s statement splitting and transactions', ms: performance.now() - started, failure };
    }
    await pg.query('INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES($1, $2, $3)', [file.version, file.title, parsed.statements.map((s) => s.text)]);
    applied++;
  }
  return { findings: [], total: folder.migrations.length, applied, compared: 0, via: "the Supabase CLI's statement splitting and transactions", ms: performance.now() - started };
}

/** The CLI's `RESET ALL` before each file, on a connection that started after the platform's ALTER DATABASE … SET
 * (Supabase puts `extensions` on the search_path that way): RESET ALL, then the database's own settings again. */
async function resetSession(pg: EmbeddedQueryable): Promise<void> {
  await pg.exec('RESET ALL');
  const { rows } = await pg.query<{ setting: string }>(
    `SELECT pg_catalog.unnest(setconfig) AS setting FROM pg_catalog.pg_db_role_setting
      WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())`,
  );
  for (const { setting } of rows) {
    const eq = setting.indexOf('=');
    await pg.query('SELECT pg_catalog.set_config($1, $2, false)', [setting.slice(0, eq), setting.slice(eq + 1)]);
  }
}

async function applyFile(pg: EmbeddedQueryable, parsed: ParsedFile, stubs: string[]): Promise<Omit<Failure, 'file'> | undefined> {
  const oneByOne = parsed.plan.mode === 'one-by-one';
  let open = false;
  const run = async (statement: CliStatement) => {
    // A stand-in cannot always be created as the real one is (a fixed schema, a search_path of ''): replay/unsupported
    // already names it, so its CREATE EXTENSION failing is no reason to stop.
    if (extensionsIn(statement.text).some((name) => stubs.includes(name))) {
      if (open) await pg.exec('SAVEPOINT driftgate_extension');
      try {
        await pg.exec(statement.text);
      } catch {
        if (open) await pg.exec('ROLLBACK TO SAVEPOINT driftgate_extension');
      }
      return undefined;
    }
    try {
      await pg.exec(statement.text);
      return undefined;
    } catch (error) {
      if (open || oneByOne) await pg.exec('ROLLBACK').catch(() => undefined);
      open = false;
      return { statement, error: error as PgError };
    }
  };
  for (const statement of parsed.statements) {
    if (oneByOne) {
      const failed = await run(statement);
      if (failed) return failed;
      continue;
    }
    // CLI 2.109+: a non-transactional statement commits the batch so far and runs alone.
    if (isNonTransactional(statement.text)) {
      if (open) await pg.exec('COMMIT');
      open = false;
      const failed = await run(statement);
      if (failed) return failed;
      continue;
    }
    if (!open) await pg.exec('BEGIN');
    open = true;
    const failed = await run(statement);
    if (failed) return failed;
  }
  if (open) await pg.exec('COMMIT');
  return undefined;
}

/** The line of the error: the statement's first code line, moved down by the newlines before Postgres' position. */
function errorLine(statement: CliStatement, position: number | undefined): number {
  if (!position) return codeLine(statement);
  const before = [...statement.text].slice(0, position - 1).join('');
  return statement.line + (before.match(/\n/g)?.length ?? 0);
}

/** Extensions the history needs that the embedded Postgres only has as empty stand-ins (the replay runtime's). */
async function standIns(pg: EmbeddedQueryable): Promise<string[]> {
  const { rows } = await pg.query<{ name: string }>(
    "SELECT name FROM pg_catalog.pg_available_extensions WHERE comment LIKE 'stub created by driftgate%' ORDER BY 1",
  );
  return rows.map((r) => r.name);
}

/** A failure in a history that uses a stand-in extension may be the stand-in's doing, not the migration's: a warning
 * then (replay/unsupported already names the extension), an error otherwise. */
function failedFinding(folder: SupabaseFolder, { file, statement, error }: Failure, stubs: string[]): DbFinding {
  const position = error.position === undefined ? undefined : Number(error.position);
  const line = errorLine(statement, position);
  const head = statement.text.replace(/^(--[^\n]*\n|\s)+/, '').split('\n')[0].slice(0, 120);
  return {
    rule: 'replay/failed',
    file: folder.display(file.name),
    line,
    tag: tagOf(file.name),
    key: `statement:${line}`,
    ...(stubs.length ? { severity: 'warn' as const } : {}),
    message: stubs.length
      ? `${file.name} line ${line}: ${error.message}${error.code ? ` [${error.code}]` : ''} — in: ${head}. The embedded Postgres has only stand-ins for ${stubs.join(', ')}, which this may need; the replay stopped here and did not check the later migrations`
      : `${file.name} line ${line}: ${error.message}${error.code ? ` [${error.code}]` : ''} — in: ${head}. supabase db push (and supabase db reset) stops here on a fresh database: a new environment, a preview branch, CI`,
    fix: `Fix the statement so the history applies from scratch${error.hint ? ` (Postgres: ${error.hint})` : ''}; if the object comes from the Supabase platform or an extension the embedded Postgres lacks, check against a real database with driftgate verify --db <url>.`,
  };
}
