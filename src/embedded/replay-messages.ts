import { basename } from 'node:path';
import type { SkippedStatements } from './unsupported-objects.js';
import type { DbFinding } from '../db/db-finding.js';
import type { Migration, MigrationFolder } from '../folder/migration-folder.js';
import type { StatementFailure } from './apply-migrations.js';
import { chunkLine, type MigrationMeta } from './migration-meta.js';
import type { HistoryOutcome } from './replay-history.js';

const MAX_SHOWN = 5;

/** `public.t/column:c` → `t.c`; `app.t/index:i` → `index i on app.t`. Public is the default: left out. */
function describe(key: string): string {
  const [object, part] = key.split('/');
  const short = object.replace(/^public\./, '').replace(/^(enum|sequence|view):public\./, '$1 ');
  if (!part) return short.includes(' ') ? short : `table ${short}`;
  const [kind, name] = [part.slice(0, part.indexOf(':')), part.slice(part.indexOf(':') + 1)];
  if (kind === 'column') return `${short}.${name}`;
  return `${kind.replace('-', ' ')} ${name} on ${short}`;
}

/** "0008_add_overrides.sql leaves assessment_evaluations.override_by missing; the snapshot has it". */
export function divergesFinding(folder: MigrationFolder, migration: Migration, diffs: DbFinding[]): DbFinding {
  const file = migration.sqlPath;
  const missing = diffs.filter((d) => /^db\/missing-/.test(d.rule) && / does not exist/.test(d.message));
  const extra = diffs.filter((d) => d.rule === 'db/extra-object');
  const other = diffs.filter((d) => !missing.includes(d) && !extra.includes(d));
  const parts: string[] = [];
  const names = (ds: DbFinding[]) => ds.slice(0, MAX_SHOWN).map((d) => (d.rule === 'db/missing-schema' ? `schema ${d.key}` : describe(String(d.key)))).join(', ') + (ds.length > MAX_SHOWN ? ` and ${ds.length - MAX_SHOWN} more` : '');
  if (missing.length) parts.push(`leaves ${names(missing)} missing; the snapshot has ${missing.length === 1 ? 'it' : 'them'}`);
  if (extra.length) parts.push(`${missing.length ? 'and ' : ''}leaves the database with ${names(extra)}, which the snapshot does not have`);
  const room = Math.max(0, MAX_SHOWN - missing.length - extra.length);
  for (const d of other.slice(0, room)) parts.push(d.message);
  if (other.length > room && other.length > 0) parts.push(`${other.length - room} more differences`);
  return {
    rule: 'replay/diverges',
    message: `${file} ${missing.length || extra.length ? '' : 'does not produce its snapshot: '}${parts.join('; ')}`,
    fix: `Make ${file} create exactly what ${migration.snapshot?.path} describes (was the generated SQL edited by hand?), or put the change in the schema and regenerate with drizzle-kit generate.`,
    file: folder.display(file),
    tag: migration.tag,
    key: String(diffs[0]?.key ?? ''),
  };
}

function statementText(chunk: string, position?: number): string {
  let text = chunk.trim();
  if (position && position > 0 && position <= chunk.length) {
    // a chunk with several statements: show the one the error points into
    const before = chunk.lastIndexOf(';', position - 2);
    const after = chunk.indexOf(';', position - 1);
    text = chunk.slice(before + 1, after === -1 ? undefined : after + 1).trim();
  }
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 160 ? `${oneLine.slice(0, 157)}...` : oneLine;
}

/** How a migration failed: only in the single transaction drizzle uses on a fresh database, or even on its own. */
export type FailureMode = 'together' | 'alone';

const FIX_55P04 = 'Postgres forbids using an enum value in the transaction that added it, and drizzle\'s migrator runs all pending migrations in one. Add the value where the type is created, or recreate the type (ALTER TYPE … RENAME, CREATE TYPE with every value, ALTER COLUMN … TYPE … USING col::text::the_type, DROP TYPE) instead of ALTER TYPE … ADD VALUE.';

/** "0004_backfill.sql line 3: column "nme" does not exist — in: UPDATE users SET ...". */
export function failedFinding(folder: MigrationFolder, migration: Migration, meta: Pick<MigrationMeta, 'sql'>, failure: StatementFailure, mode: FailureMode): DbFinding {
  const chunk = meta.sql[failure.chunk] ?? '';
  const { position } = failure.error;
  const line = chunkLine(meta, failure.chunk, position ? position - 1 : undefined);
  const code = failure.error.code ? ` [${failure.error.code}]` : '';
  const why =
    mode === 'together'
      ? " It fails when migrating from scratch (a new developer, CI, a fresh preview database): drizzle's migrator applies all pending migrations in ONE transaction. Applied on its own, as each deploy did, it works; the replay went on one migration at a time."
      : ' It fails on a clean database even on its own; the replay left out the failing statement and went on with the later migrations.';
  const hint = failure.error.hint ? ` (Postgres: ${failure.error.hint})` : '';
  return {
    rule: 'replay/failed',
    message: `${migration.sqlPath} line ${line}: ${failure.error.message}${code} — in: ${statementText(chunk, position)}.${why}`,
    fix: failure.error.code === '55P04' ? FIX_55P04 : `This migration fails on a clean database (a new developer, CI, a fresh preview database). Fix the statement${hint}.`,
    file: folder.display(migration.sqlPath),
    line,
    tag: migration.tag,
    key: `chunk:${failure.chunk}`,
  };
}

/** The findings of a whole-history replay, in migration order: each failing migration once (failing on its own
 * wins over failing only together), then each migration whose SQL does not produce its snapshot. */
export function historyFindings(
  history: HistoryOutcome,
  divergent: Map<number, DbFinding[]>,
  at: (index: number) => { migration: Migration; meta: Pick<MigrationMeta, 'sql'> } | undefined,
  folder: MigrationFolder,
): DbFinding[] {
  const failures = new Map<number, { failure: StatementFailure; mode: FailureMode }>();
  if (history.together) failures.set(history.together.migration, { failure: history.together, mode: 'together' });
  for (const failure of history.alone) failures.set(failure.migration, { failure, mode: 'alone' });
  const out: DbFinding[] = [];
  for (const index of [...new Set([...failures.keys(), ...divergent.keys()])].sort((a, b) => a - b)) {
    const step = at(index);
    if (!step) continue;
    const failed = failures.get(index);
    if (failed) out.push(failedFinding(folder, step.migration, step.meta, failed.failure, failed.mode));
    const diffs = divergent.get(index);
    if (diffs) out.push(divergesFinding(folder, step.migration, diffs));
  }
  return out;
}

/** "0000_init.sql: CREATE EXTENSION postgis — the embedded Postgres cannot provide postgis …". `at` is the first
 * migration that creates it (or the preamble). */
export function unsupportedFinding(name: string, serverVersion: string, at: { tag?: string; file: string }): DbFinding {
  return {
    rule: 'replay/unsupported',
    message: `${at.file}: CREATE EXTENSION ${name} — the embedded Postgres (PGlite, Postgres ${serverVersion}) cannot provide ${name}; the replay went on with an empty stand-in, so statements that use it fail there`,
    fix: `Check this history against a real server that has ${name}: driftgate verify --db <url>.`,
    file: at.file,
    tag: at.tag,
    key: `extension:${name}`,
  };
}

/** The replay/unsupported findings of a replay that skips what the stand-ins lack (`skipped` defined): for each
 * extension, how many statements were skipped and where the first one is; the rest was applied and judged. */
export function withSkipped(findings: DbFinding[], skipped: SkippedStatements[] | undefined): DbFinding[] {
  if (!skipped) return findings;
  return findings.map((f) => {
    const s = skipped.find((x) => f.key === `extension:${x.extension}`);
    const count = s && (s.count === 1 ? '1 statement that uses it was' : `${s.count} statements that use it were`);
    const outcome = s ? `: ${count} skipped (the first: ${basename(s.file)} line ${s.line}), the rest of the history applied without them` : '; no statement failed for want of it';
    return { ...f, message: f.message.replace(/, so statements that use it fail there$/, outcome) };
  });
}
