import { basename } from 'node:path';
import { DriftgateError } from '../errors.js';
import { isKeywordConnection } from '../db/connection.js';
import { DATABASE_NAME } from './driftgate-config.js';
import type { Target } from './targets.js';

/** One database URL to check a target against, and where it came from (named in "database: …" lines and hints). */
export interface DatabaseSource {
  url: string;
  /** `--db`, `DATABASE_URL`, or `drizzle.config.ts dbCredentials.url (POSTGRES_URL from .env)`. */
  origin: string;
  /** What holds the URL, for "check the user and password in …": `the --db URL`, `DATABASE_URL`, `POSTGRES_URL (.env)`. */
  holder: string;
  /** drizzle config `dbCredentials.ssl`, as written (true, 'require', TLS options…). */
  ssl?: unknown;
  /** The environment's name (`--db staging=URL`, or a key of the driftgate config's `databases`). */
  name?: string;
}

const configName = (target: Target) => (target.configFile ? basename(target.configFile) : 'the drizzle config');

/** `${VAR}` in a configured URL, from the environment. */
function expand(url: string, env: NodeJS.ProcessEnv, name: string): string {
  return url.replace(/\$\{(\w+)\}/g, (_, variable: string) => {
    const value = env[variable];
    if (!value) throw new DriftgateError(`database ${name}: ${variable} is not set`, `Set ${variable}, or pass --db ${name}=URL.`);
    return value;
  });
}

/** One --db value: `URL`, `name=URL`, or the bare name of a configured database. */
function fromOption(value: string, named: Record<string, string>, env: NodeJS.ProcessEnv): DatabaseSource {
  const eq = value.indexOf('=');
  const name = eq > 0 ? value.slice(0, eq) : value;
  if (eq > 0 && DATABASE_NAME.test(name) && !isKeywordConnection(value)) return { url: value.slice(eq + 1), origin: `--db ${name}`, holder: `the --db ${name} URL`, name };
  if (DATABASE_NAME.test(value) && !isKeywordConnection(value)) {
    if (!(value in named)) throw new DriftgateError(`--db ${value}: no database of that name`, Object.keys(named).length ? `Configured: ${Object.keys(named).join(', ')}; or pass --db ${value}=URL.` : `Pass --db ${value}=URL, or name it in the driftgate config's "databases".`);
    return { url: expand(named[value], env, value), origin: `databases.${value} (driftgate config)`, holder: `databases.${value}`, name: value };
  }
  return { url: value, origin: '--db', holder: 'the --db URL' };
}

/** --db (URLs, `name=URL`, or configured names), else the driftgate config's named `databases`, else DATABASE_URL,
 * else the target's drizzle config dbCredentials (evaluated with .env, as drizzle-kit). */
export function databaseSources(target: Target, opts: { dbUrls?: string[]; env?: NodeJS.ProcessEnv; named?: Record<string, string> }): DatabaseSource[] {
  const env = opts.env ?? process.env;
  const named = opts.named ?? {};
  if (opts.dbUrls?.length) return opts.dbUrls.map((value) => fromOption(value, named, env));
  const names = Object.keys(named);
  if (names.length) return names.map((name) => ({ url: expand(named[name], env, name), origin: `databases.${name} (driftgate config)`, holder: `databases.${name}`, name }));
  if (env.DATABASE_URL) return [{ url: env.DATABASE_URL, origin: 'DATABASE_URL', holder: 'DATABASE_URL' }];
  if (!target.dbUrl) return [];
  const from = target.dbUrlOrigin;
  const variable = from?.variable ? `${from.variable}${from.file ? ` from ${from.file}` : ''}` : undefined;
  return [
    {
      url: target.dbUrl,
      origin: `${configName(target)} dbCredentials${variable ? ` (${variable})` : ''}`,
      holder: from?.variable ? `${from.variable}${from.file ? ` (${from.file})` : ''}` : `${configName(target)} dbCredentials`,
      ssl: target.dbSsl,
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
