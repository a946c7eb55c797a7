import { scanSql } from '../../sql/scan-sql.js';
import type { RuleFinding } from '../../types.js';
import type { GenerateResult } from './protocol.js';

/** The line drizzle-kit writes at the top of `generate --custom` files. */
export const CUSTOM_HEADER = '-- Custom SQL migration file, put your code below! --';
/** What drizzle-kit puts between statements when `breakpoints` is on (its BREAKPOINT constant). */
export const BREAKPOINT = '--> statement-breakpoint\n';

export type Verdict =
  | { ok: true; method: 'exact' | 'statement-set' }
  | { ok: false; method: 'exact' | 'statement-set'; detail: string; expected?: string }
  | { ok: 'unknown'; reason: string };

/** The file drizzle-kit's `generate` writes for these statements. */
export function expectedSql(statements: string[], breakpoints: boolean): string {
  return statements.join(breakpoints ? BREAKPOINT : '\n');
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split('\n');
  const e = expected.split('\n');
  for (let i = 0; i < Math.max(a.length, e.length); i++) {
    if (a[i] !== e[i]) {
      const show = (s: string | undefined) => (s === undefined ? '(end of file)' : JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s));
      return `line ${i + 1} is ${show(a[i])}, drizzle-kit writes ${show(e[i])}`;
    }
  }
  return 'the files differ';
}

const normalize = (statement: string) => statement.replace(/\s+/g, ' ').replace(/\s*;\s*$/, '').trim();

/** Judges a migration's SQL against what drizzle-kit generates from its parent snapshot to its own. */
export function judgeSql(sql: string, result: GenerateResult, breakpoints: boolean): Verdict {
  if (result.mode === 'error') return { ok: 'unknown', reason: result.message };
  if (result.mode === 'exact') {
    const expected = expectedSql(result.statements, breakpoints);
    if (sql === expected) return { ok: true, method: 'exact' };
    // A CRLF work-tree copy committed as is, or an editor's final newline, is still a hand edit: report the line.
    return { ok: false, method: 'exact', detail: firstDifference(sql, expected), expected };
  }
  // A possible rename: drizzle-kit would have asked. Compare statements as sets: everything must be either a
  // create/drop statement of the no-rename reading or a RENAME from a removed name to an added one; every statement
  // not about the renamed entities must be there.
  const quoted = (names: string[]) => names.map((n) => `"${n}"`);
  const removed = quoted(result.removed);
  const added = quoted(result.added);
  const mentions = (s: string, names: string[]) => names.some((n) => s.includes(n));
  const allowed = new Set(result.statements.map(normalize));
  const actual = scanSql(sql).map((s) => normalize(s.text));
  const actualSet = new Set(actual);
  const extra = actual.filter((s) => !allowed.has(s) && !(/\bRENAME\b/i.test(s) && mentions(s, removed) && mentions(s, added)));
  if (extra.length) return { ok: false, method: 'statement-set', detail: `drizzle-kit generates no statement like ${JSON.stringify(extra[0].slice(0, 100))}` };
  const missing = result.statements.map(normalize).filter((s) => !actualSet.has(s) && !mentions(s, removed) && !mentions(s, added));
  if (missing.length) return { ok: false, method: 'statement-set', detail: `drizzle-kit also generates ${JSON.stringify(missing[0].slice(0, 100))}, which the file lacks` };
  return { ok: true, method: 'statement-set' };
}

/** sql/not-generated when the project's generator cannot run: which migrations went unchecked, and why. */
export function generatorUnavailable(tags: string[], reason: string, fix: string): RuleFinding[] {
  return [{ severity: 'warn', key: 'unavailable', message: `the SQL of ${tags.join(', ')} was not compared with drizzle-kit's output: ${reason}`, fix }];
}

/** sql/not-generated when one migration could not be regenerated (the other checks still ran). */
export const regenerationFailed = (tag: string, file: string, version: string, reason: string): RuleFinding => ({
  severity: 'warn', tag, key: 'unknown', file, message: `could not regenerate ${tag} with drizzle-kit ${version}: ${reason}`, fix: 'Run with --debug for details; the other checks still ran.',
});

/** sql/not-generated: the migration's SQL is not what the generator writes. */
export const handEdited = (tag: string, sqlPath: string, file: string, how: string): RuleFinding => ({
  tag,
  key: 'sql',
  file,
  message: `${sqlPath} was edited by hand: ${how}`,
  fix: 'Keep generated SQL as drizzle-kit wrote it: change schema.ts and run drizzle-kit generate again; for SQL drizzle cannot express, use drizzle-kit generate --custom.',
});
