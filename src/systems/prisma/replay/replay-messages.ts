import type { DbFinding } from '../../../db/db-finding.js';
import type { MigrationFolder } from '../../../folder/migration-folder.js';
import { describe, type SummaryItem } from './attribute.js';

const MAX_SHOWN = 6;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The script the engine sent when a migration failed, and Postgres' error (code, position, hint). */
export interface ScriptError {
  script: string;
  error: { message: string; code?: string; position?: string | number; hint?: string };
}

const listed = (items: SummaryItem[]) => items.slice(0, MAX_SHOWN).map(describe).join('; ') + (items.length > MAX_SHOWN ? ` (+${items.length - MAX_SHOWN} more)` : '');

/** replay/diverges findings from the attributed differences: one per migration that last touched a differing object
 * (the earliest first — the first migration that diverges), and one on the schema for differences no migration
 * makes. */
export function divergesFindings(folder: MigrationFolder, byMigration: Map<number, SummaryItem[]>, schemaFile: string): DbFinding[] {
  const out: DbFinding[] = [];
  for (const [at, items] of byMigration) {
    if (at === -1) {
      out.push({
        rule: 'replay/diverges',
        file: schemaFile,
        key: `schema:${items[0].object}`,
        message: `the ${plural(folder.migrations.length, 'migration')} replayed leave the database short of ${schemaFile}, and no migration makes these changes: ${listed(items)} — prisma migrate dev would write a new migration`,
        fix: 'Run prisma migrate dev --name <change> and commit the migration with the schema change (or revert the schema edit).',
      });
      continue;
    }
    const migration = folder.migrations[at];
    const first = out.length === 0 ? 'the first migration that diverges: ' : '';
    out.push({
      rule: 'replay/diverges',
      file: folder.display(migration.sqlPath),
      tag: migration.tag,
      key: `${items[0].object}`,
      message: `${first}after ${folder.migrations.length === 1 ? 'its one migration' : `all ${folder.migrations.length} migrations`} the database differs from ${schemaFile}, and ${migration.tag} is the last migration that touches ${items.length === 1 ? 'what differs' : 'these'}: ${listed(items)}`,
      fix: `Compare ${migration.sqlPath} with ${schemaFile} (was the SQL edited by hand, or the schema changed without prisma migrate dev?): prisma migrate diff --from-migrations ${folder.label} --to-schema ${schemaFile} --script shows what is missing.`,
    });
  }
  return out;
}

/** The line of `position` (1-based character offset) in `script`. */
function lineOf(script: string, position: number | undefined): number | undefined {
  if (!position || position < 1) return undefined;
  return (script.slice(0, position - 1).match(/\n/g)?.length ?? 0) + 1;
}

/** replay/failed: the migration the engine could not apply, with Postgres' error and its line when the engine's
 * script error is at hand. */
export function failedFinding(folder: MigrationFolder, at: number, scriptError: ScriptError | undefined, engineMessage: string, stubs: string[]): DbFinding {
  const migration = folder.migrations[Math.min(at, folder.migrations.length - 1)];
  const error = scriptError?.error;
  const line = scriptError ? lineOf(scriptError.script, error?.position === undefined ? undefined : Number(error.position)) : undefined;
  const reason = error ? `${error.message}${error.code ? ` [${error.code}]` : ''}` : engineMessage.split('\n').find((l) => l.trim())?.trim() ?? engineMessage;
  const where = `${migration.tag}/migration.sql${line ? ` line ${line}` : ''}`;
  return {
    rule: 'replay/failed',
    file: folder.display(migration.sqlPath),
    ...(line ? { line } : {}),
    tag: migration.tag,
    key: `migration:${migration.tag}`,
    ...(stubs.length ? { severity: 'warn' as const } : {}),
    message: stubs.length
      ? `${where}: ${reason}. The embedded Postgres has only stand-ins for ${stubs.join(', ')}, which this may need; the replay stopped here and did not check the later migrations`
      : `${where}: ${reason} — prisma migrate deploy stops here on a fresh database (a new environment, CI, prisma migrate reset), and every later migration stays blocked`,
    fix: `Fix the migration so the history applies from scratch${error?.hint ? ` (Postgres: ${error.hint})` : ''}; if it needs an object the embedded Postgres lacks, check against a real database with driftgate verify --db <url>.`,
  };
}
