/** No credential may reach output, logs, errors or JSON: not the password of a URL, of a keyword/value connection
 * string, of drizzle's dbCredentials, nor PGPASSWORD. Connection strings are masked by shape wherever they are
 * printed, and every password driftgate learns is registered here so the CLI's output guard masks it anywhere. */

const MASK = '***';
/** Shorter passwords are masked inside connection strings only: masking "ab" in all text would garble it. */
const MIN_GLOBAL_SECRET = 4;
const secrets = new Set<string>();

/** Remembers a credential: every later output masks it (raw, URL-encoded, and as a server would quote it). */
export function registerSecret(secret: string | undefined): void {
  if (!secret || secret.length < MIN_GLOBAL_SECRET) return;
  for (const form of [secret, encodeURIComponent(secret), secret.replace(/'/g, "''")]) secrets.add(form);
}

/** Every registered credential in `text`, masked; longest first so no part of one survives. */
export function maskSecrets(text: string): string {
  if (secrets.size === 0) return text;
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}

/** Masks passwords by shape in any text that may hold a connection string: `scheme:[//]user:password@` (also the
 * one-slash typo `postgres:/user:pw@host`), `password=…` keyword/value pairs (quoted or not), `?password=` query
 * parameters. */
export function redactConnectionString(text: string): string {
  return text
    // Up to the LAST "@" of the line: a password may hold "@" (over-masking beats a leak).
    .replace(/(\b[a-z][a-z0-9+.-]*:\/{0,2}[^\s:@/]*:)[^\n]*@/gi, `$1${MASK}@`)
    .replace(/(\bpassword\s*=\s*)('(?:\\.|[^'\\])*'|[^\s&]*)/gi, `$1${MASK}`)
    .replace(/([?&]pass=)[^\s&]*/gi, `$1${MASK}`);
}

/** `postgres://app:secret@host/db` → `postgres://app:***@host/db` (kept for argv in --debug). */
export const redactUrl = redactConnectionString;
