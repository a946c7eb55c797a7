/** The Supabase CLI's statement splitter as CLI 2.117.0 runs it (its TypeScript port of the Go `pkg/parser` state
 * machine), state for state. The CLI stores what this returns in `supabase_migrations.schema_migrations.statements`
 * and keeps no checksum, so "was this file edited after it was applied?" is only answerable by splitting the file
 * exactly as the CLI does — quirks included: `(` opens a region that ends at the next `)` whatever the nesting,
 * `BEGIN ATOMIC` ends at the first `END` (case-insensitive, even inside a word), a `--` comment after the last `;`
 * becomes a statement of its own, and `\` escapes the next character outside quotes. */

/** One statement as the CLI stores it, with the 1-based line its text starts on. */
export interface CliStatement {
  text: string;
  line: number;
}

interface State {
  /** The state after code point `c`; `token` is the statement so far, ending with `c`. null: end of statement. */
  next(c: string, token: string): State | null;
}

const IDENTIFIER = /[\p{L}\p{Nd}_$]/u;
const TAG = /[\p{L}\p{Nd}_]/u;
const SPACE = /\s/u;

/** The token so far ends with `BEGIN <space> ATOMIC`, both whole words. */
function isBeginAtomic(token: string): boolean {
  let end = token.length - 6;
  if (end < 0 || token.slice(end).toUpperCase() !== 'ATOMIC') return false;
  if (end > 0 && IDENTIFIER.test(token[end - 1])) return false;
  while (end > 0 && SPACE.test(token[end - 1])) end--; // the CLI's .replace(/\s+$/u, '') on the prefix
  const begin = end - 5;
  if (begin < 0 || token.slice(begin, end).toUpperCase() !== 'BEGIN') return false;
  return begin === 0 || !IDENTIFIER.test(token[begin - 1]);
}

class Ready implements State {
  next(c: string, token: string): State | null {
    switch (c) {
      case '$':
        return new Tag(token.length - 1);
      case "'":
      case '"':
        return new Quote(c);
      case '-':
        return new Dash();
      case '/':
        return new Block();
      case '\\':
        return new Escape();
      case ';':
        return null;
      case '(':
        return new Region(new Ready(), ')');
      case 'c':
      case 'C':
        return isBeginAtomic(token) ? new Region(new Ready(), 'END') : this;
      default:
        return this;
    }
  }
}

/** A `-` seen: a second one opens a line comment (which, like a dollar quote, only ends at its delimiter). */
class Dash implements State {
  next(c: string, token: string): State | null {
    return c === '-' ? new Delimited('\n') : new Ready().next(c, token);
  }
}

class Block implements State {
  private depth = 0;
  next(c: string, token: string): State | null {
    const window = token.slice(-2);
    if (window === '/*') {
      this.depth++;
      return this;
    }
    if (this.depth === 0) return new Ready().next(c, token);
    if (window === '*/' && --this.depth === 0) return new Ready();
    return this;
  }
}

class Quote implements State {
  private escape = false;
  constructor(private readonly delimiter: string) {}
  next(c: string, token: string): State | null {
    if (this.escape) {
      if (c === this.delimiter) {
        this.escape = false;
        return this;
      }
      return new Ready().next(c, token);
    }
    if (c === this.delimiter) this.escape = true;
    return this;
  }
}

/** Inside a dollar quote or a line comment: nothing is special until the delimiter. */
class Delimited implements State {
  constructor(private readonly delimiter: string) {}
  next(_c: string, token: string): State | null {
    return token.endsWith(this.delimiter) ? new Ready() : this;
  }
}

class Tag implements State {
  constructor(private readonly offset: number) {}
  next(c: string, token: string): State | null {
    if (c === '$') return new Delimited(token.slice(this.offset));
    if (TAG.test(c)) return this;
    return new Ready().next(c, token);
  }
}

class Escape implements State {
  next(): State {
    return new Ready();
  }
}

/** `( … )` or `BEGIN ATOMIC … END`: `;` does not end the statement until the delimiter (outside quotes). */
class Region implements State {
  constructor(
    private prev: State,
    private readonly delimiter: string,
  ) {}
  next(c: string, token: string): State | null {
    const current = this.prev.next(c, token);
    if (current !== null) this.prev = current;
    if (this.prev instanceof Ready && token.slice(-this.delimiter.length).toUpperCase() === this.delimiter) return new Ready();
    return this;
  }
}

/** The CLI's trim: trailing `;` removed, then JavaScript whitespace (BOM included) trimmed. */
const trimStatement = (raw: string) => raw.replace(/;+$/u, '').trim();

/** Statements as the CLI runs and records them — empty ones dropped; comments and inner whitespace kept. */
export function splitStatements(file: string): CliStatement[] {
  const out: CliStatement[] = [];
  let state: State = new Ready();
  let token = '';
  let line = 1;
  const emit = () => {
    const text = trimStatement(token);
    if (text) {
      const lead = token.length - token.trimStart().length;
      out.push({ text, line: line + countNewlines(token, lead) });
    }
    line += countNewlines(token, token.length);
    token = '';
    state = new Ready();
  };
  for (const c of file) {
    token += c;
    const after = state.next(c, token);
    if (after === null) emit();
    else state = after;
  }
  if (token.length > 0) emit();
  return out;
}

function countNewlines(text: string, until: number): number {
  let n = 0;
  for (let k = text.indexOf('\n'); k >= 0 && k < until; k = text.indexOf('\n', k + 1)) n++;
  return n;
}
