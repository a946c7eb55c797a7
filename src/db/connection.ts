import { readFileSync } from 'node:fs';
import { DriftgateError } from '../errors.js';
import { invalidConnection, unsupportedSslMode } from '../messages.js';
import { redactConnectionString, registerSecret } from './redact.js';

/** Every SSL form drizzle-kit's postgres `dbCredentials.ssl` accepts (postgres.js's `ssl` option). */
export type SslSetting = boolean | 'require' | 'allow' | 'prefer' | 'verify-full' | Record<string, unknown>;

/** A database to connect to, parsed once from a URL, a libpq keyword/value string, or drizzle's dbCredentials. */
export interface Connection {
  /** Where it came from, for messages: `--db`, `DATABASE_URL`, `drizzle.config dbCredentials`. */
  source: string;
  hosts: string[];
  ports: number[];
  user?: string;
  password?: string;
  database?: string;
  ssl?: SslSetting;
  /** Run-time parameters sent at startup (`application_name`, `options`, …). */
  params: Record<string, string>;
}

/** A database reference before parsing: the text as configured, where from, and dbCredentials.ssl if any. */
export interface DatabaseRef {
  text: string;
  source: string;
  ssl?: unknown;
}

const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full'];
/** libpq keywords that are client settings, not server parameters. */
const CLIENT_KEYWORDS = new Set(['host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'sslmode', 'ssl', 'sslrootcert', 'connect_timeout', 'target_session_attrs', 'passfile', 'sslnegotiation']);

/** `sslmode` (libpq) → postgres.js's `ssl`. verify-ca checks the chain but not the host name. */
export function sslFromMode(mode: string, rootCert?: string): SslSetting | undefined {
  const ca = rootCert && rootCert !== 'system' ? { ca: readFileSync(rootCert, 'utf8') } : undefined;
  switch (mode) {
    case 'disable':
      return false;
    case 'allow':
    case 'prefer':
    case 'require':
      return mode;
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined, ...ca };
    case 'verify-full':
      return ca ? { rejectUnauthorized: true, ...ca } : 'verify-full';
    default:
      throw new DriftgateError(unsupportedSslMode(mode, SSL_MODES));
  }
}

/** drizzle-kit's `dbCredentials.ssl`: true | 'require' | 'allow' | 'prefer' | 'verify-full' | tls options. */
export function sslFromSetting(value: unknown, source: string): SslSetting | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return sslFromMode(value);
  if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new DriftgateError(`${source}: ssl must be true, false, one of ${SSL_MODES.join(', ')}, or TLS options`);
}

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s; // a raw "%" in a password: take it as typed
  }
};

/** `host1:5432,[::1]:5433` → hosts and ports (libpq's multi-host form). */
function hostList(spec: string, defaultPort?: string): { hosts: string[]; ports: number[] } {
  const hosts: string[] = [];
  const ports: number[] = [];
  for (const part of spec.split(',')) {
    const m = /^\[([^\]]*)\](?::(\d*))?$/.exec(part) ?? /^([^:]*)(?::(\d*))?$/.exec(part);
    hosts.push(decode(m?.[1] ?? part) || 'localhost');
    ports.push(Number(m?.[2] || defaultPort || 5432));
  }
  return { hosts, ports };
}

/** `postgres[ql]://user:password@host:port/db?params`. Parsed by hand, as libpq does, not by WHATWG URL: a password
 * typed with a space, `!`, `@` or `/` must connect (or fail) without its text reaching an error message. */
function parseUrl(text: string, source: string): Connection {
  const scheme = /^(postgres|postgresql):\/\//i.exec(text);
  if (!scheme) throw new DriftgateError(invalidConnection(source, redactConnectionString(text)), 'Use postgres://user:password@host:port/database, or key=value pairs (host=… dbname=…).');
  let rest = text.slice(scheme[0].length);
  const q = rest.indexOf('?');
  const query = q >= 0 ? rest.slice(q + 1) : '';
  if (q >= 0) rest = rest.slice(0, q);
  const at = rest.lastIndexOf('@');
  const userinfo = at >= 0 ? rest.slice(0, at) : '';
  rest = at >= 0 ? rest.slice(at + 1) : rest;
  const slash = rest.indexOf('/');
  const hostSpec = slash >= 0 ? rest.slice(0, slash) : rest;
  const database = slash >= 0 ? decode(rest.slice(slash + 1)) : '';
  const colon = userinfo.indexOf(':');
  const user = decode(colon >= 0 ? userinfo.slice(0, colon) : userinfo);
  const password = colon >= 0 ? decode(userinfo.slice(colon + 1)) : undefined;
  const settings: Record<string, string> = {};
  for (const pair of query.split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    settings[decode(eq >= 0 ? pair.slice(0, eq) : pair)] = decode(eq >= 0 ? pair.slice(eq + 1) : '');
  }
  const { hosts, ports } = hostList(settings.host ?? hostSpec, settings.port);
  return finish({ source, hosts, ports, user: user || settings.user, password: password ?? settings.password, database: database || settings.dbname, params: {} }, settings);
}

/** libpq keyword/value form: `host=db port=5432 user=app password='it''s' dbname=app sslmode=require`. */
function parseKeywords(text: string, source: string): Connection {
  const settings: Record<string, string> = {};
  const re = /\s*([A-Za-z_]+)\s*=\s*(?:'((?:\\.|[^'\\])*)'|(\S*))/y;
  let i = 0;
  while (i < text.length) {
    if (/^\s*$/.test(text.slice(i))) break;
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) throw new DriftgateError(invalidConnection(source, redactConnectionString(text)), 'Use key=value pairs separated by spaces (quote values with spaces in single quotes), or a postgres:// URL.');
    settings[m[1]] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3];
    i = re.lastIndex;
  }
  const { hosts, ports } = hostList(settings.host ?? settings.hostaddr ?? 'localhost', settings.port);
  if (settings.port && hosts.length === 1) ports[0] = Number(settings.port);
  return finish({ source, hosts, ports, user: settings.user, password: settings.password, database: settings.dbname, params: {} }, settings);
}

function finish(conn: Connection, settings: Record<string, string>): Connection {
  registerSecret(conn.password);
  const mode = settings.sslmode ?? (settings.ssl === 'true' ? 'require' : settings.ssl === 'false' ? 'disable' : undefined);
  if (mode) conn.ssl = sslFromMode(mode, settings.sslrootcert);
  else if (settings.sslrootcert) conn.ssl = sslFromMode('verify-full', settings.sslrootcert);
  for (const [key, value] of Object.entries(settings)) if (!CLIENT_KEYWORDS.has(key)) conn.params[key] = value;
  if (Number.isNaN(conn.ports[0])) throw new DriftgateError(invalidConnection(conn.source, 'its port is not a number'));
  return conn;
}

const LIBPQ_KEYWORDS = new Set([...CLIENT_KEYWORDS, 'application_name', 'options', 'sslcert', 'sslkey', 'service']);

/** A libpq keyword/value string (`host=db dbname=app …`), as opposed to a URL or a `name=URL` pair. */
export function isKeywordConnection(text: string): boolean {
  const first = /^\s*([A-Za-z_]+)\s*=/.exec(text);
  return !!first && !text.includes('://') && (LIBPQ_KEYWORDS.has(first[1]) || /\s[A-Za-z_]+\s*=/.test(text));
}

/** Parses what a user configured. The keyword form is recognised as libpq does: no `://`, and a `key=` first. */
export function parseConnection(ref: DatabaseRef): Connection {
  const text = ref.text.trim();
  const conn = isKeywordConnection(text) ? parseKeywords(text, ref.source) : parseUrl(text, ref.source);
  const ssl = sslFromSetting(ref.ssl, ref.source);
  if (ssl !== undefined) conn.ssl = ssl;
  return conn;
}

/** `user@host:port/db`, never the password: how a database is named in every message. */
export function connectionLabel(conn: Connection): string {
  const hosts = conn.hosts.map((h, i) => `${h.includes(':') ? `[${h}]` : h}:${conn.ports[i]}`).join(',');
  return `${conn.user ? `${conn.user}@` : ''}${hosts}/${conn.database ?? ''}`;
}
