import type { DbFinding } from '../../db/db-finding.js';
import { debug } from '../../debug.js';
import { extensionsIn } from '../../embedded/extensions.js';
import type { EmbeddedQueryable } from '../../embedded/host/worker-host.js';
import { knowsObjectsOf, unsupportedSkipper, type UnsupportedSkipper } from '../../embedded/unsupported-objects.js';
import type { ReplayOutcome } from '../../embedded/replay-outcome.js';
import { parseFile, type ParsedFile } from './check-context.js';
import { codeLine, isNonTransactional, isTransactionControl, withoutLeadingComments } from './execution-plan.js';
import { tagOf } from './folder-model.js';
import type { SupabaseFile, SupabaseFolder } from './migration-files.js';
import type { CliStatement } from './split-statements.js';

const HISTORY_DDL = [
  'CREATE SCHEMA IF NOT EXISTS supabase_migrations',
  'CREATE TABLE IF NOT EXISTS supabase_migrations.schema_migrations (version text NOT NULL PRIMARY KEY, statements text[], name text)',
];

const VIA = "the Supabase CLI's statement splitting and transactions";

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
  const skipper = unsupportedSkipper(stubs);
  for (const file of folder.migrations) {
    if (recorded.has(file.version!)) continue;
    const read = await folder.source.read(file.name);
    if (!read.ok) continue;
    const parsed = parseFile(read.data.toString('utf8'));
    await resetSession(pg);
    const failed = await applyFile(pg, parsed, { stubs, skipper, display: folder.display(file.name) });
    if (failed) {
      const failure = { file, ...failed };
      return { findings: [failedFinding(folder, failure, stubs)], total: folder.migrations.length, applied, compared: 0, via: VIA, ms: performance.now() - started, failure, skipped: skipper.skipped() };
    }
    await pg.query('INSERT INTO supabase_migrations.schema_migrations(version, name, statements) VALUES($1, $2, $3)', [file.version, file.title, parsed.statements.map((s) => s.text)]);
    applied++;
  }
  return { findings: [], total: folder.migrations.length, applied, compared: 0, via: VIA, ms: performance.now() - started, skipped: skipper.skipped() };
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

/** How one file is applied: the stand-in extensions, and the judge of failures that are only theirs. */
interface Applying {
  stubs: string[];
  skipper: UnsupportedSkipper;
  display: string;
}

async function applyFile(pg: EmbeddedQueryable, parsed: ParsedFile, applying: Applying): Promise<Omit<Failure, 'file'> | undefined> {
  const { stubs, skipper } = applying;
  const oneByOne = parsed.plan.mode === 'one-by-one';
  let open = false;
  /** One-by-one mode inside the file's own BEGIN … COMMIT. */
  let ownTransaction = false;
  /** Whether the open transaction holds driftgate_statement. */
  let savepoint = false;
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
    // With stand-ins, a statement may fail only for what they lack: a savepoint lets the transaction go on without
    // it. Set in the statement's own round trip (the previous one released there too): a separate one per statement
    // made a 4,600-statement baseline 2.5x slower.
    const guarded = stubs.length > 0 && (open || ownTransaction);
    const prefix = guarded ? `${savepoint ? 'RELEASE SAVEPOINT driftgate_statement; ' : ''}SAVEPOINT driftgate_statement; ` : '';
    try {
      await pg.exec(prefix + statement.text);
      savepoint = guarded;
      if (oneByOne && isTransactionControl(statement.text)) {
        ownTransaction = /^(BEGIN|START)\b/i.test(withoutLeadingComments(statement.text));
        savepoint = false;
      }
      return undefined;
    } catch (caught) {
      const error = withoutPrefix(caught as PgError, prefix);
      const line = codeLine(statement);
      const blamed = stubs.length ? skipper.blame(statement.text, error.message, { file: applying.display, line }) : undefined;
      if (blamed) {
        debug(`supabase replay: skipped ${applying.display}:${line} (needs ${blamed}): ${error.message}`);
        if (guarded) await pg.exec('ROLLBACK TO SAVEPOINT driftgate_statement');
        savepoint = guarded;
        return undefined;
      }
      if (open || oneByOne) await pg.exec('ROLLBACK').catch(() => undefined);
      open = false;
      return { statement, error };
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
      open = savepoint = false;
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

/** The error as if the statement had been sent alone: its position counted from the statement's start. */
function withoutPrefix(error: PgError, prefix: string): PgError {
  if (!prefix || error.position === undefined) return error;
  return { message: error.message, code: error.code, hint: error.hint, position: Number(error.position) - prefix.length };
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

/** A failure the skipper did not blame on a stand-in is the migration's own (an error) when driftgate knows what every
 * stand-in's real extension creates; with a stand-in it knows nothing of, it may be the stand-in's doing: a warning
 * (replay/unsupported already names the extension). */
function failedFinding(folder: SupabaseFolder, { file, statement, error }: Failure, allStubs: string[]): DbFinding {
  const stubs = allStubs.filter((name) => !knowsObjectsOf(name));
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
