import type { DbFinding } from '../db/db-finding.js';
import type { Migration, MigrationFolder } from '../folder/migration-folder.js';
import type { StatementFailure } from './apply-migrations.js';
import { chunkLine, type MigrationMeta } from './migration-meta.js';

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

const later = (n: number) => (n > 0 ? ` (${n} later migration${n === 1 ? ' was' : 's were'} not compared)` : '');

/** "0008_add_overrides.sql leaves assessment_evaluations.override_by missing; the snapshot has it". */
export function divergesFinding(folder: MigrationFolder, migration: Migration, diffs: DbFinding[], remaining: number): DbFinding {
  const file = migration.sqlPath;
  const missing = diffs.filter((d) => /^db\/missing-/.test(d.rule) && / does not exist/.test(d.message));
  const other = diffs.filter((d) => !missing.includes(d));
  const parts: string[] = [];
  if (missing.length) {
    const names = missing.slice(0, MAX_SHOWN).map((d) => describe(String(d.key)));
    const more = missing.length > MAX_SHOWN ? ` and ${missing.length - MAX_SHOWN} more` : '';
    parts.push(`leaves ${names.join(', ')}${more} missing; the snapshot has ${missing.length === 1 ? 'it' : 'them'}`);
  }
  for (const d of other.slice(0, Math.max(0, MAX_SHOWN - missing.length))) parts.push(d.message);
  if (other.length > MAX_SHOWN - missing.length && other.length > 0) parts.push(`${other.length - Math.max(0, MAX_SHOWN - missing.length)} more differences`);
  return {
    rule: 'replay/diverges',
    message: `${file} ${missing.length ? '' : 'does not produce its snapshot: '}${parts.join('; ')}${later(remaining)}`,
    fix: `Make ${file} create what ${migration.snapshot?.path} describes (was the generated SQL edited by hand?), or regenerate it with drizzle-kit generate.`,
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

/** "0004_backfill.sql line 3: column "nme" does not exist — in: UPDATE users SET ...". */
export function failedFinding(folder: MigrationFolder, migration: Migration, meta: MigrationMeta, failure: StatementFailure, remaining: number): DbFinding {
  const chunk = meta.sql[failure.chunk] ?? '';
  const { position } = failure.error;
  const line = chunkLine(meta, failure.chunk, position ? position - 1 : undefined);
  const code = failure.error.code ? ` [${failure.error.code}]` : '';
  const rest = remaining > 0 ? ` The migrator rolls back everything; ${remaining} later migration${remaining === 1 ? ' was' : 's were'} not replayed.` : '';
  return {
    rule: 'replay/failed',
    message: `${migration.sqlPath} line ${line}: ${failure.error.message}${code} — in: ${statementText(chunk, position)}.${rest}`,
    fix: `This migration fails on a clean database (a new developer, CI, a fresh preview database). Fix the statement${failure.error.hint ? ` (Postgres: ${failure.error.hint})` : ''}.`,
    file: folder.display(migration.sqlPath),
    line,
    tag: migration.tag,
    key: `chunk:${failure.chunk}`,
  };
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
