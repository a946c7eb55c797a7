/** One statement of a migration file. Its `code` has string literals, dollar-quoted bodies and comments blanked out
 * (so `BEGIN` inside a function body or a string never looks like a statement); quoted identifiers are kept. */
export interface SqlStatement {
  /** Code with literals and comments replaced by spaces, trimmed. Built on first use. */
  readonly code: string;
  /** 1-based line where the statement's code starts. */
  readonly line: number;
  /** Original text of the statement, trimmed. */
  readonly text: string;
  /** The first `length` characters of `code` (cheap: does not build the rest). */
  codeHead(length: number): string;
}

const BREAKPOINT = '--> statement-breakpoint';
/** Characters that may start a comment, literal, quoted identifier or statement end. */
const SPECIAL = /[-/'"$;]/g;
const NOT_SPACE = /\S/g;

/** A statement as offsets into the file; strings are only built when a rule asks (most rules read a few words). */
class Statement implements SqlStatement {
  private built: string | undefined;
  constructor(
    private readonly sql: string,
    private readonly start: number,
    private readonly end: number,
    /** Offset of the first code character. */
    private readonly codeStart: number,
    /** [from, to) offsets of blanked ranges, in order. */
    private readonly blanks: number[],
    readonly line: number,
  ) {}

  get text(): string {
    return this.sql.slice(this.start, this.end).trim();
  }

  get code(): string {
    this.built ??= this.render(this.end).trim();
    return this.built;
  }

  codeHead(length: number): string {
    return this.built?.slice(0, length) ?? this.render(Math.min(this.end, this.codeStart + length));
  }

  private render(until: number): string {
    let out = '';
    let at = this.codeStart;
    for (let b = 0; b < this.blanks.length && at < until; b += 2) {
      const from = Math.min(this.blanks[b], until);
      const to = Math.min(this.blanks[b + 1], until);
      out += this.sql.slice(at, from) + this.sql.slice(from, to).replace(/[^\n]/g, ' ');
      at = to;
    }
    return out + this.sql.slice(at, until);
  }
}

/** Splits SQL into statements on top-level `;` and drizzle's `--> statement-breakpoint` markers. */
export function scanSql(sql: string): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let start = 0;
  let codeStart = -1;
  let codeLine = 0;
  let blanks: number[] = [];
  let line = 1;
  let counted = 0; // newlines are counted up to this offset
  const lineAt = (offset: number) => {
    for (let k = sql.indexOf('\n', counted); k >= 0 && k < offset; k = sql.indexOf('\n', k + 1)) line++;
    counted = Math.max(counted, offset);
    return line;
  };
  const markCode = (offset: number) => {
    if (codeStart < 0) (codeStart = offset), (codeLine = lineAt(offset));
  };
  const flush = (end: number) => {
    if (codeStart >= 0) statements.push(new Statement(sql, start, end, codeStart, blanks.filter((_, i) => blanks[i - (i % 2)] >= codeStart), codeLine));
    start = end;
    codeStart = -1;
    blanks = [];
  };
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    const next = sql[i + 1];
    let end = i + 1;
    if (c === '-' && next === '-') {
      end = sql.indexOf('\n', i);
      if (end < 0) end = sql.length;
      blanks.push(i, end);
      const isBreakpoint = sql.startsWith(BREAKPOINT, i);
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
      blanks.push(i, end);
    } else if (c === "'") {
      markCode(i);
      const escapes = /[eE]/.test(sql[i - 1] ?? '') && !/\w/.test(sql[i - 2] ?? '');
      end = i + 1;
      while (end < sql.length) {
        if (escapes && sql[end] === '\\') end += 2;
        else if (sql[end] === "'" && sql[end + 1] === "'") end += 2;
        else if (sql[end] === "'") break;
        else end++;
      }
      end = Math.min(end + 1, sql.length);
      if (end - 1 > i + 1) blanks.push(i + 1, end - 1);
    } else if (c === '"') {
      markCode(i);
      end = sql.indexOf('"', i + 1);
      while (end >= 0 && sql[end + 1] === '"') end = sql.indexOf('"', end + 2);
      end = end < 0 ? sql.length : end + 1;
    } else if (c === '$' && !/\w/.test(sql[i - 1] ?? '')) {
      markCode(i);
      const tag = /^\$[A-Za-z_]*\$/.exec(sql.slice(i, i + 64))?.[0];
      if (tag) {
        const close = sql.indexOf(tag, i + tag.length);
        end = close < 0 ? sql.length : close + tag.length;
        blanks.push(i, end);
      }
    } else if (c === ';') {
      markCode(i);
      flush(i + 1);
      i += 1;
      continue;
    } else {
      // Ordinary text: skip the whole run up to the next character that can start a token.
      SPECIAL.lastIndex = i + 1;
      end = SPECIAL.exec(sql)?.index ?? sql.length;
      if (codeStart < 0) {
        NOT_SPACE.lastIndex = i;
        const first = NOT_SPACE.exec(sql)?.index;
        if (first !== undefined && first < end) markCode(first);
      }
    }
    i = end;
  }
  flush(sql.length);
  return statements;
}

/** The start of the statement's code with `;` and runs of whitespace folded, upper-cased: for keyword matching. */
export function keywords(statement: SqlStatement): string {
  // The rules match a statement's leading words; folding a 50 KB CREATE TABLE whole would only feed the GC.
  return statement.codeHead(400).replace(/;\s*$/, '').replace(/\s+/g, ' ').trim().toUpperCase();
}

/** The statement's first word, upper-cased ("" when it starts with a symbol): a cheap filter before `keywords`. */
export function firstWord(statement: SqlStatement): string {
  return /^[A-Za-z]+/.exec(statement.codeHead(24))?.[0].toUpperCase() ?? '';
}
