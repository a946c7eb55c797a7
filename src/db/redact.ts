/** The password of a database URL must never reach output, logs, errors or JSON. */

/** `postgres://app:secret@host/db` → `postgres://app:***@host/db`; a non-URL string is returned with any
 * `:password@` shape masked. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    for (const key of [...u.searchParams.keys()]) if (/^pass(word)?$/i.test(key)) u.searchParams.set(key, '***');
    return u.toString();
  } catch {
    return url.replace(/(\/\/[^:/@\s]*:)[^@\s]*@/, '$1***@');
  }
}

/** The password of a URL, decoded (what a driver might echo back), or undefined. */
export function passwordOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    const query = u.searchParams.get('password') ?? u.searchParams.get('pass');
    const pw = u.password ? decodeURIComponent(u.password) : query;
    return pw || undefined;
  } catch {
    return undefined;
  }
}

/** Masks every occurrence of the URL's password (raw and URL-encoded) in any text, e.g. a driver's error message. */
export function redactText(text: string, url: string): string {
  const pw = passwordOf(url);
  let out = text.split(url).join(redactUrl(url));
  if (pw) for (const form of new Set([pw, encodeURIComponent(pw)])) out = out.split(form).join('***');
  return out;
}

/** Short display name of a database: `user@host:port/db`, no password, no query. */
export function databaseLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${decodeURIComponent(u.username)}@` : ''}${u.host}${u.pathname}`;
  } catch {
    return redactUrl(url);
  }
}
