import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { DriftgateError } from '../../errors.js';
import { stripCommentsAndStrings } from '../extensions.js';
import { SUPABASE_SCHEMAS, supabasePreamble } from './supabase.js';

/** SQL run on the empty embedded database before the first migration: the objects a hosting platform provides that
 * migrations reference but never create. */
export interface Preamble {
  /** "supabase", or the user's file as configured. */
  name: string;
  sql: string;
  /** Schemas the preamble provides (their objects are the platform's, not the project's). */
  schemas: string[];
}

/** `replay.preamble` in the driftgate config: a built-in platform, a SQL file (relative to the project directory), or
 * "none" to turn the automatic detection off. */
export type PreambleSetting = 'supabase' | 'none' | (string & {});

const SUPABASE_SQL = [
  /\b"?auth"?\s*\.\s*"?(?:users|uid|jwt|role|email|identities|sessions)\b"?/i,
  /\b"?storage"?\s*\.\s*"?(?:buckets|objects|foldername|filename|extension)\b"?/i,
  /\bto\s+(?:"?(?:anon|authenticated|service_role)"?\s*,?\s*)+/i,
  /\balter\s+publication\s+"?supabase_realtime"?/i,
];
/** The project builds the auth schema itself (it is not on Supabase, or it mirrors it): no preamble then. */
const OWN_AUTH = /\bcreate\s+schema\s+(?:if\s+not\s+exists\s+)?"?auth"?\s*;|\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?"?auth"?\s*\.\s*"?users"?/i;
const CREATE_ROLE = /\bcreate\s+role\s+(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$]*))/gi;

/** Whether the migrations are a Supabase project's: they reference `auth.users` / `auth.uid()` / `storage.*`, grant
 * to `anon` / `authenticated` / `service_role`, or a `supabase/` folder sits in one of `dirs` — and they do not
 * create the auth schema themselves. */
export function looksLikeSupabase(sqlTexts: string[], dirs: string[]): boolean {
  const code = sqlTexts.map(stripCommentsAndStrings);
  if (code.some((sql) => OWN_AUTH.test(sql))) return false;
  return code.some((sql) => SUPABASE_SQL.some((re) => re.test(sql))) || dirs.some((d) => existsSync(join(d, 'supabase')));
}

function rolesCreatedIn(sqlTexts: string[]): Set<string> {
  const out = new Set<string>();
  for (const sql of sqlTexts) for (const m of stripCommentsAndStrings(sql).matchAll(CREATE_ROLE)) out.add(m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].toLowerCase());
  return out;
}

/** The Supabase preamble, for migrations given as SQL texts (roles they create themselves are left to them). */
export function supabasePreambleFor(sqlTexts: string[]): Preamble {
  return { name: 'supabase', sql: supabasePreamble({ rolesCreatedByMigrations: rolesCreatedIn(sqlTexts) }), schemas: [...SUPABASE_SCHEMAS] };
}

/** The preamble a replay runs: the configured one (`replay.preamble`), else Supabase's when the migrations look like a
 * Supabase project's, else none. `projectDir` resolves a file setting; `dirs` are where a `supabase/` folder counts. */
export function resolvePreamble(setting: PreambleSetting | undefined, sqlTexts: string[], projectDir: string, dirs: string[]): Preamble | undefined {
  if (setting === 'none') return undefined;
  if (setting === 'supabase' || (setting === undefined && looksLikeSupabase(sqlTexts, dirs))) return supabasePreambleFor(sqlTexts);
  if (setting === undefined) return undefined;
  const file = isAbsolute(setting) ? setting : resolve(projectDir, setting);
  let sql: string;
  try {
    sql = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DriftgateError(`replay.preamble: cannot read ${setting} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, 'Point replay.preamble at a SQL file relative to the driftgate config, or use "supabase" or "none".');
  }
  return { name: setting, sql, schemas: [] };
}
