/** One statement of a migration file, with string literals, dollar-quoted bodies and comments blanked out
 * (so `BEGIN` inside a function body or a string never looks like a statement). */
export interface SqlStatement {
  /** Code with literals and comments replaced by spaces; quoted identifiers kept. */
  code: string;
  /** 1-based line where the statement starts. */
  line: number;
  /** Original text of the statement. */
  text: string;
}

const BREAKPOINT = '--> statement-breakpoint';
/** Characters that may start a comment, literal, quoted identifier or statement end. */
const SPECIAL = /[-/'"$;]/g;

/** Splits SQL into statements on top-level `;` and drizzle's `--> statement-breakpoint` markers. */
export function scanSql(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let code = '';
  let start = 0;
  let startLine = 1;
  let line = 1;
  const flush = (end: number) => {
    const trimmed = code.trim();
    if (trimmed) {
      const lead = code.length - code.trimStart().length;
      const leadLines = code.slice(0, lead).split('\n').length - 1;
      statements.push({ code: trimmed, line: startLine + leadLines, text: sql.slice(start, end).trim() });
    }
    code = '';
    start = end;
    startLine = line;
  };
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    let end = i + 1;
    if (c === '-' && next === '-') {
      end = sql.indexOf('\n', i);
      if (end < 0) end = sql.length;
      const isBreakpoint = sql.startsWith(BREAKPOINT, i);
      code += blank(sql.slice(i, end));
      i = end;
      if (isBreakpoint) flush(i);
      continue;
    } else if (c === '/' && next === '*') {
      let depth = 1;
      end = i + 2;
      while (end < sql.length && depth > 0) {
        if (sql.startsWith('/*', end)) (depth++, (end += 2));
        else if (sql.startsWith('*/', end)) (depth--, (end += 2));
        else end++;
      }
      code += blank(sql.slice(i, end));
    } else if (c === "'") {
      const escapes = /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? '');
      end = i + 1;
      while (end < sql.length) {
        if (escapes && sql[end] === '\\') end += 2;
        else if (sql[end] === "'" && sql[end + 1] === "'") end += 2;
        else if (sql[end] === "'") break;
        else end++;
      }
      end = Math.min(end + 1, sql.length);
      code += "'" + blank(sql.slice(i + 1, Math.max(i + 1, end - 1))) + (end - 1 > i ? "'" : '');
    } else if (c === '"') {
      end = sql.indexOf('"', i + 1);
      while (end >= 0 && sql[end + 1] === '"') end = sql.indexOf('"', end + 2);
      end = end < 0 ? sql.length : end + 1;
      code += sql.slice(i, end);
    } else if (c === '$' && !/\w/.test(sql[i - 1] ?? '')) {
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        end = close < 0 ? sql.length : close + tag.length;
        code += blank(sql.slice(i, end));
      } else code += c;
    } else if (c === ';') {
      code += c;
      i = end;
      flush(i);
      continue;
    } else {
      // Ordinary text: copy the whole run up to the next character that can start a token.
      SPECIAL.lastIndex = i + 1;
      end = SPECIAL.exec(sql)?.index ?? sql.length;
      code += sql.slice(i, end);
    }
    for (let k = sql.indexOf('\n', i); k >= 0 && k < end; k = sql.indexOf('\n', k + 1)) line++;
    i = end;
  }
  flush(sql.length);
  return statements;
}

/** The start of the statement's code with `;` and runs of whitespace folded, upper-cased: for keyword matching. */
export function keywords(statement: SqlStatement): string {
  // The rules match a statement's leading words; folding a 50 KB CREATE TABLE whole would only feed the GC.
  return statement.code.slice(0, 400).replace(/;\s*$/, '').replace(/\s+/g, ' ').trim().toUpperCase();
}
