import { readFileSync } from 'node:fs';
import type { EnvFile } from './env-files.js';

/** Where a drizzle config's database URL came from, for "database: …" lines and hints. */
export interface UrlOrigin {
  /** `dbCredentials` present in the config at all. */
  hasCredentials: boolean;
  /** The environment variable whose value the URL is. */
  variable?: string;
  /** The env file that set it (`.env`); undefined: the process environment. */
  file?: string;
  /** Variables the config names (process.env.X) that are not set: why the URL is empty. */
  unset: string[];
}

const ENV_NAME = /process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\s*\])/g;

/** The `process.env.X` names a config file mentions, in order. */
function envNames(configFile: string | undefined): string[] {
  if (!configFile || configFile.endsWith('.json')) return [];
  let text = '';
  try {
    text = readFileSync(configFile, 'utf8');
  } catch {
    return [];
  }
  return [...new Set([...text.matchAll(ENV_NAME)].map((m) => m[1] ?? m[2]))];
}

export function urlOrigin(opts: { raw: unknown; url?: string; configFile?: string; envFile: EnvFile; env?: NodeJS.ProcessEnv }): UrlOrigin {
  const env = opts.env ?? process.env;
  const hasCredentials = !!opts.raw && typeof opts.raw === 'object' && (opts.raw as Record<string, unknown>).dbCredentials !== undefined;
  const names = envNames(opts.configFile);
  const valueOf = (name: string) => env[name] ?? opts.envFile.values[name];
  if (opts.url) {
    // The named variable holding exactly the URL; failing that (an env module in between), any variable that does.
    const variable =
      names.find((n) => valueOf(n) === opts.url) ??
      [...Object.keys(opts.envFile.values), ...Object.keys(env)].find((n) => /url|database|postgres|pg|db/i.test(n) && valueOf(n) === opts.url);
    const file = variable && env[variable] === undefined ? opts.envFile.name : undefined;
    return { hasCredentials, variable, file, unset: [] };
  }
  return { hasCredentials, unset: names.filter((n) => !valueOf(n)) };
}
