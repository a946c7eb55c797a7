/** Which extensions a replay needs, read from the SQL before the database starts (PGlite loads extensions only at
 * construction). Comments and string literals are skipped, so a commented-out `CREATE EXTENSION` loads nothing. */

/** Extensions compiled into Postgres itself: nothing to load. */
const BUILT_IN = new Set(['plpgsql']);

const CREATE_EXTENSION = /\bcreate\s+extension\s+(?:if\s+not\s+exists\s+)?(?:"((?:[^"]|"")+)"|([a-z_][a-z0-9_$-]*))/gi;

/** SQL with comments and single-quoted literals blanked out (lengths kept). Dollar-quoted bodies are kept: a
 * `CREATE EXTENSION` inside a DO block runs too. */
export function stripCommentsAndStrings(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, (m) => m.replace(/[^\n]/g, ' '));
}

/** The extension names `CREATE EXTENSION` statements in `sql` name, as written (unquoted ones lower-cased). */
export function extensionsIn(sql: string): string[] {
  const out: string[] = [];
  for (const m of stripCommentsAndStrings(sql).matchAll(CREATE_EXTENSION)) {
    const name = m[1] !== undefined ? m[1].replace(/""/g, '"') : m[2].toLowerCase();
    if (!BUILT_IN.has(name) && !out.includes(name)) out.push(name);
  }
  return out;
}

/** Every extension the given SQL texts create, in first-seen order, with the index of the first text creating it. */
export function extensionsNeeded(sqlTexts: string[]): Map<string, number> {
  const out = new Map<string, number>();
  sqlTexts.forEach((sql, i) => {
    for (const name of extensionsIn(sql)) if (!out.has(name)) out.set(name, i);
  });
  return out;
}
