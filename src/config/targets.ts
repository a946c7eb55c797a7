import { existsSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { registerSecret } from '../db/redact.js';
import { DriftgateError } from '../errors.js';
import { DEFAULT_SETTINGS, type FolderSettings } from '../folder/migration-folder.js';
import { PREFIX_MODES, type PrefixMode } from '../folder/prefix.js';
import { readEnvFile, withEnvFile } from './env-files.js';
import { loadModule } from './load-module.js';
import { urlOrigin, type UrlOrigin } from './url-origin.js';

/** One migrations folder to judge, with what its drizzle config says about it. */
export interface Target {
  /** Display path of the migrations folder, relative to the working directory. */
  label: string;
  outDir: string;
  /** Directory paths in the drizzle config are relative to (the config file's directory). */
  root: string;
  configFile?: string;
  dialect: string;
  /** `schema` from drizzle config, resolved to absolute paths/globs. */
  schema: string[];
  settings: FolderSettings;
  dbUrl?: string;
  /** `dbCredentials.ssl` as written (true, 'require', TLS options…); parsed where the connection is made. */
  dbSsl?: unknown;
  /** Where dbUrl came from (or why it is empty), for messages. */
  dbUrlOrigin?: UrlOrigin;
  /** The migration system, when the config that found the folder decides it (else the folder's content does). */
  system?: string;
  /** The systems that may have written the folder, when the config that found it narrows them but the folder's
   * content decides between them (a drizzle config: drizzle-kit 0.x or 1.0 — never a Supabase folder, even when a
   * deleted meta/ leaves only `<digits>_<name>.sql` files). The last one is the fallback. */
  candidates?: string[];
  /** The tool creates the folder with its first migration (`supabase migration new`): a missing one is a history
   * with no migrations yet, not a wrong path. */
  missingIsEmpty?: boolean;
}

/** What a drizzle config's folder can be: drizzle-kit 1.0's folders, else 0.x's journal (the fallback). */
const DRIZZLE_SYSTEMS = ['drizzle-folders', 'drizzle-journal'];

export const DRIZZLE_CONFIG_FILES = [
  'drizzle.config.ts',
  'drizzle.config.mts',
  'drizzle.config.cts',
  'drizzle.config.js',
  'drizzle.config.mjs',
  'drizzle.config.cjs',
  'drizzle.config.json',
];

const POSTGRES = new Set(['postgresql', 'postgres', 'pg']);

function credentialsUrl(creds: Record<string, unknown> | undefined): string | undefined {
  if (!creds) return undefined;
  if (typeof creds.password === 'string') registerSecret(creds.password);
  if (typeof creds.url === 'string' && creds.url) return creds.url;
  if (typeof creds.connectionString === 'string') return creds.connectionString;
  if (typeof creds.host !== 'string') return undefined;
  const user = creds.user ? encodeURIComponent(String(creds.user)) + (creds.password ? `:${encodeURIComponent(String(creds.password))}` : '') + '@' : '';
  return `postgres://${user}${creds.host}:${creds.port ?? 5432}/${creds.database ?? 'postgres'}`;
}

/** Turns a loaded drizzle config object into a Target. */
export function toTarget(raw: unknown, opts: { cwd: string; root: string; configFile?: string; out?: string }): Target {
  const where = opts.configFile ? relative(opts.cwd, opts.configFile) || opts.configFile : 'driftgate';
  const config = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  if (raw !== undefined && (typeof raw !== 'object' || raw === null)) throw new DriftgateError(`${where}: the drizzle config must export an object`);
  const dialect = typeof config.dialect === 'string' ? config.dialect : opts.configFile ? '' : 'postgresql';
  if (!POSTGRES.has(dialect)) {
    throw new DriftgateError(`${where}: dialect ${JSON.stringify(config.dialect ?? null)} is not supported yet`, 'driftgate checks PostgreSQL projects (dialect: "postgresql").');
  }
  const migrations = (config.migrations && typeof config.migrations === 'object' ? config.migrations : {}) as Record<string, unknown>;
  const prefix = (migrations.prefix ?? DEFAULT_SETTINGS.prefix) as PrefixMode;
  if (!PREFIX_MODES.includes(prefix)) throw new DriftgateError(`${where}: migrations.prefix ${JSON.stringify(prefix)} is not one of ${PREFIX_MODES.join(', ')}`);
  const outSetting = opts.out ?? (typeof config.out === 'string' ? config.out : 'drizzle');
  const outDir = isAbsolute(outSetting) ? outSetting : resolve(opts.out ? opts.cwd : opts.root, outSetting);
  const schemaSetting = config.schema === undefined ? [] : Array.isArray(config.schema) ? config.schema : [config.schema];
  return {
    label: relative(opts.cwd, outDir).split('\\').join('/') || '.',
    outDir,
    root: opts.root,
    configFile: opts.configFile,
    dialect: 'postgresql',
    schema: schemaSetting.filter((s): s is string => typeof s === 'string').map((s) => resolve(opts.root, s)),
    settings: {
      prefix,
      breakpoints: config.breakpoints !== false,
      table: typeof migrations.table === 'string' ? migrations.table : DEFAULT_SETTINGS.table,
      schema: typeof migrations.schema === 'string' ? migrations.schema : DEFAULT_SETTINGS.schema,
    },
    dbUrl: credentialsUrl(config.dbCredentials as Record<string, unknown> | undefined),
    dbSsl: (config.dbCredentials as Record<string, unknown> | undefined)?.ssl,
    candidates: opts.configFile ? DRIZZLE_SYSTEMS : undefined,
  };
}

export async function loadDrizzleConfig(file: string, cwd: string, out?: string): Promise<Target> {
  const configFile = resolve(cwd, file);
  if (!existsSync(configFile)) throw new DriftgateError(`drizzle config ${file} does not exist`);
  // drizzle-kit loads .env before its config: `url: process.env.POSTGRES_URL` with the value only in .env works there.
  const envFile = readEnvFile(cwd);
  const raw = await withEnvFile(envFile, () => loadModule(configFile));
  const target = toTarget(raw, { cwd, root: dirname(configFile), configFile, out });
  return { ...target, dbUrlOrigin: urlOrigin({ raw, url: target.dbUrl, configFile, envFile }) };
}

/** The targets to judge: explicit `--config` files, else those a driftgate config lists, else the drizzle.config.*
 * in the working directory; `--out` alone works without any config. */
export async function resolveTargets(opts: { cwd: string; configs?: string[]; listed?: string[]; out?: string; others?: Target[] }): Promise<Target[]> {
  const files = opts.configs?.length ? opts.configs : opts.listed?.length ? opts.listed : [];
  if (files.length > 0) {
    // One at a time: each load sees the env file's variables in process.env only while it runs.
    const targets: Target[] = [];
    for (const f of files) targets.push(await loadDrizzleConfig(f, opts.cwd, opts.out));
    return targets;
  }
  const found = DRIZZLE_CONFIG_FILES.find((name) => existsSync(resolve(opts.cwd, name)));
  if (opts.out) return [found ? await loadDrizzleConfig(found, opts.cwd, opts.out) : toTarget(undefined, { cwd: opts.cwd, root: opts.cwd, out: opts.out })];
  // Other systems' folders found in the directory (schema.prisma, …) sit next to the drizzle config's, if any.
  const targets = [...(found ? [await loadDrizzleConfig(found, opts.cwd)] : []), ...(opts.others ?? [])];
  if (targets.length > 0) return targets;
  throw new DriftgateError(`no drizzle.config.*, Prisma schema or supabase/ folder in ${opts.cwd} or a parent folder up to the repository root`, 'Run driftgate where drizzle.config.ts, prisma/schema.prisma or supabase/ is, or pass --config FILE or --out DIR.');
}
