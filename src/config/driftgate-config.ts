import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DriftgateError } from '../errors.js';
import type { RuleException } from '../engine/policy.js';
import type { SeverityOverride } from '../types.js';
import { loadModule } from './load-module.js';

/** driftgate's own settings: `driftgate.config.ts` (typed via defineConfig) or a "driftgate" key in package.json. */
export interface DriftgateConfig {
  /** drizzle config files to check (monorepos). Default: the drizzle.config.* in the working directory. */
  configs?: string[];
  /** Rule id (or `family/*`) → severity, or "off". */
  rules?: Record<string, SeverityOverride>;
  /** Accepted findings; each needs a reason. */
  exceptions?: RuleException[];
  /** How far in the future a journal `when` may lie: ms, or "30m", "12h", "1d". Default "1d". */
  whenSkew?: number | string;
  /** Policy for `drizzle-kit generate --custom` migrations in pre-commit. Default "warn" (allowed, with a notice). */
  customMigrations?: 'allow' | 'warn' | 'forbid';
  /** Allow edits of committed migrations that are on no remote-tracking branch yet. Default true. */
  allowUnpushedEdits?: boolean;
  /** Baseline file. Default driftgate.baseline.json. */
  baseline?: string;
  /** Typecheck in pre-push/verify: true (tsc --noEmit from the project), false, or a command. Default true when a tsconfig.json exists. */
  typecheck?: boolean | string;
  /** tsconfig for the typecheck. Default tsconfig.json. */
  tsconfig?: string;
  /** Extra pre-push steps, each a shell command. */
  commands?: { lint?: string; build?: string; test?: string; [name: string]: string | undefined };
  /** pre-push: run every step to the end even after one failed (default false: the first failure stops the rest). */
  keepGoing?: boolean;
  /** Embedded replay (pre-push when no database URL is configured, `verify` without one): `false` turns it off in
   * pre-push; an object sets how it runs. Default on. */
  replay?: boolean | ReplayConfig;
  /** Database check settings. */
  db?: { url?: string | string[]; connectTimeout?: number; statementTimeout?: number };
  /** Safety rules (lock/, data/, destructive/, compat/): the base branch new migrations are compared with (default
   * origin/HEAD, then origin/main, main, master), the Postgres major version production runs (default 15), and whether
   * the embedded replay traces the new migrations' locks and rewrites (default true). */
  safety?: { base?: string; postgresVersion?: number; trace?: boolean };
  /** Named databases (environments) `verify` checks side by side: name → URL. `${VAR}` in a URL is read from the
   * environment, so no password needs to be committed: `{ staging: '${STAGING_DATABASE_URL}' }`. */
  databases?: Record<string, string>;
}

/** `replay: { … }` in the driftgate config (docs/verify.md, "Embedded replay runtime"). */
export interface ReplayConfig {
  /** Replay in pre-push when no database URL is configured. Default true. */
  enabled?: boolean;
  /** SQL run on the empty database before the first migration: "supabase" (roles, auth/storage schemas, auth.users,
   * auth.uid() …), a SQL file relative to the project directory, or "none". Default: "supabase" when the migrations
   * reference Supabase's objects or a supabase/ folder exists, else none. */
  preamble?: string;
  /** Longest one statement of the replay may run: ms, or "30s", "2m". Default 30 s. */
  statementTimeout?: number | string;
  /** Reuse the cached replayed state of already-checked migrations in pre-push (incremental replay). Default true. */
  cache?: boolean;
}

/** The replay settings with their defaults applied. */
export interface ReplaySettings {
  enabled: boolean;
  preamble?: string;
  statementTimeoutMs?: number;
  cache: boolean;
}

export function replaySettings(config: DriftgateConfig): ReplaySettings {
  const r = config.replay;
  if (r === undefined || typeof r === 'boolean') return { enabled: r !== false, cache: true };
  return { enabled: r.enabled !== false, preamble: r.preamble, statementTimeoutMs: r.statementTimeout === undefined ? undefined : parseDuration(r.statementTimeout, 0), cache: r.cache !== false };
}

export function defineConfig(config: DriftgateConfig): DriftgateConfig {
  return config;
}

export const DRIFTGATE_CONFIG_FILES = ['driftgate.config.ts', 'driftgate.config.mts', 'driftgate.config.js', 'driftgate.config.mjs', 'driftgate.config.json'];
/** What names an environment in `--db name=URL` and `databases`: never mistaken for a URL (no `:` or `/`). */
export const DATABASE_NAME = /^[A-Za-z][\w.-]*$/;
const SEVERITIES = new Set(['error', 'warn', 'info', 'off']);

export function parseDuration(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?$/.exec(String(value).trim());
  if (!match) throw new DriftgateError(`invalid duration ${JSON.stringify(value)}`, 'Use milliseconds or a number with ms, s, m, h or d, e.g. "1d".');
  const unit = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 }[(match[2] ?? 'ms') as 'ms'];
  return Number(match[1]) * unit;
}

function validate(config: unknown, file: string): DriftgateConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) throw new DriftgateError(`${file}: the driftgate config must be an object`);
  const c = config as DriftgateConfig;
  for (const [rule, severity] of Object.entries(c.rules ?? {})) {
    if (!SEVERITIES.has(severity)) throw new DriftgateError(`${file}: rule ${rule} has severity ${JSON.stringify(severity)}`, 'Use "error", "warn", "info" or "off".');
  }
  for (const e of c.exceptions ?? []) {
    if (typeof e?.rule !== 'string') throw new DriftgateError(`${file}: every exception needs a rule id`);
    if (typeof e.reason !== 'string' || e.reason.trim() === '') throw new DriftgateError(`${file}: the exception for ${e.rule}${e.tag ? ` on ${e.tag}` : ''} has no reason`, 'Say why the finding is accepted in "reason".');
  }
  if (c.customMigrations && !['allow', 'warn', 'forbid'].includes(c.customMigrations)) {
    throw new DriftgateError(`${file}: customMigrations must be "allow", "warn" or "forbid"`);
  }
  const pg = c.safety?.postgresVersion;
  if (pg !== undefined && !(Number.isInteger(pg) && pg >= 9 && pg < 100)) throw new DriftgateError(`${file}: safety.postgresVersion must be a Postgres major version such as 15`);
  if (c.safety?.trace !== undefined && typeof c.safety.trace !== 'boolean') throw new DriftgateError(`${file}: safety.trace must be true or false`);
  for (const [name, url] of Object.entries(c.databases ?? {})) {
    if (!DATABASE_NAME.test(name) || typeof url !== 'string') throw new DriftgateError(`${file}: databases.${name} must be a URL string under a name of letters, digits, _ . -`, 'e.g. databases: { staging: "${STAGING_DATABASE_URL}" }');
  }
  parseDuration(c.whenSkew, 0);
  if (c.replay !== undefined && typeof c.replay !== 'boolean') {
    if (typeof c.replay !== 'object' || c.replay === null || Array.isArray(c.replay)) throw new DriftgateError(`${file}: replay must be true, false or an object`);
    if (c.replay.preamble !== undefined && (typeof c.replay.preamble !== 'string' || c.replay.preamble.trim() === '')) {
      throw new DriftgateError(`${file}: replay.preamble must be "supabase", "none" or a SQL file path`);
    }
    try {
      replaySettings(c);
    } catch (error) {
      throw new DriftgateError(`${file}: replay.statementTimeout: ${(error as Error).message}`, 'Use milliseconds or a duration such as "30s" or "2m".');
    }
  }
  return c;
}

/** Finds and loads the driftgate config of a project directory; `{}` when there is none. */
export async function loadDriftgateConfig(dir: string, explicit?: string): Promise<{ config: DriftgateConfig; file?: string }> {
  if (explicit) return { config: validate(await loadModule(join(dir, explicit)), explicit), file: explicit };
  for (const name of DRIFTGATE_CONFIG_FILES) {
    if (existsSync(join(dir, name))) return { config: validate(await loadModule(join(dir, name)), name), file: name };
  }
  let pkg: { driftgate?: unknown } | undefined;
  try {
    pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
  } catch {
    // no or unreadable package.json: no config there
  }
  if (pkg && typeof pkg === 'object' && pkg.driftgate) return { config: validate(pkg.driftgate, 'package.json#driftgate'), file: 'package.json' };
  return { config: {} };
}
