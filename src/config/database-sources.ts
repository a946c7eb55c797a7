import { basename } from 'node:path';
import type { Target } from './targets.js';

/** One database URL to check a target against, and where it came from (named in "database: …" lines and hints). */
export interface DatabaseSource {
  url: string;
  /** `--db`, `DATABASE_URL`, or `drizzle.config.ts dbCredentials.url (POSTGRES_URL from .env)`. */
  origin: string;
  /** What holds the URL, for "check the user and password in …": `the --db URL`, `DATABASE_URL`, `POSTGRES_URL (.env)`. */
  holder: string;
}

const configName = (target: Target) => (target.configFile ? basename(target.configFile) : 'the drizzle config');

/** --db, else DATABASE_URL, else the target's drizzle config dbCredentials (evaluated with .env, as drizzle-kit). */
export function databaseSources(target: Target, opts: { dbUrls?: string[]; env?: NodeJS.ProcessEnv }): DatabaseSource[] {
  const env = opts.env ?? process.env;
  if (opts.dbUrls?.length) return opts.dbUrls.map((url) => ({ url, origin: '--db', holder: 'the --db URL' }));
  if (env.DATABASE_URL) return [{ url: env.DATABASE_URL, origin: 'DATABASE_URL', holder: 'DATABASE_URL' }];
  if (!target.dbUrl) return [];
  const from = target.dbUrlOrigin;
  const variable = from?.variable ? `${from.variable}${from.file ? ` from ${from.file}` : ''}` : undefined;
  return [
    {
      url: target.dbUrl,
      origin: `${configName(target)} dbCredentials${variable ? ` (${variable})` : ''}`,
      holder: from?.variable ? `${from.variable}${from.file ? ` (${from.file})` : ''}` : `${configName(target)} dbCredentials`,
    },
  ];
}

/** Why a target has no database URL, in a few words: `drizzle.config.ts dbCredentials.url is empty: POSTGRES_URL is
 * not set`. */
export function noDatabaseReason(target: Target): string {
  const name = configName(target);
  const from = target.dbUrlOrigin;
  if (!target.configFile) return 'no --db, no DATABASE_URL, no drizzle config';
  if (!from?.hasCredentials) return `no --db, no DATABASE_URL, and ${name} has no dbCredentials`;
  const unset = from.unset.length ? `: ${from.unset.join(', ')} ${from.unset.length === 1 ? 'is' : 'are'} not set` : '';
  return `${name} dbCredentials.url is empty${unset}`;
}
