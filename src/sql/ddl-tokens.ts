/** A token of a statement's code (literals are already blanked by scanSql, so a string is just `'…'`). */
export interface Token {
  kind: 'word' | 'ident' | 'string' | 'number' | 'punct';
  /** Words upper-cased; quoted identifiers as written (without quotes); punctuation as is. */
  value: string;
}

const TOKEN = /\s*(?:("(?:[^"]|"")*")|('(?:[^']|'')*')|([A-Za-z_][\w$]*)|(\d[\w.]*)|(::|[^\s]))/y;

/** Splits code into tokens; stops after `limit` characters of input (CREATE TABLE heads need only their name). */
export function tokenize(code: string, limit = Infinity): Token[] {
  const tokens: Token[] = [];
  const end = Math.min(code.length, limit);
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < end) {
    const m = TOKEN.exec(code);
    if (!m) break;
    if (m[1]) tokens.push({ kind: 'ident', value: m[1].slice(1, -1).replace(/""/g, '"') });
    else if (m[2]) tokens.push({ kind: 'string', value: m[2] });
    else if (m[3]) tokens.push({ kind: 'word', value: m[3].toUpperCase() });
    else if (m[4]) tokens.push({ kind: 'number', value: m[4] });
    else if (m[5] && m[5] !== ';') tokens.push({ kind: 'punct', value: m[5] });
  }
  return tokens;
}

/** A cursor over tokens with the few look-ahead helpers the DDL parser needs. */
export class Cursor {
  at = 0;
  constructor(readonly tokens: Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.at + offset];
  }

  /** Whether the next tokens are these words (upper-case), without consuming them. */
  is(...words: string[]): boolean {
    return words.every((w, i) => {
      const t = this.tokens[this.at + i];
      return t !== undefined && (t.kind === 'word' || t.kind === 'punct') && t.value === w;
    });
  }

  /** Consumes the words when they come next. */
  accept(...words: string[]): boolean {
    if (!this.is(...words)) return false;
    this.at += words.length;
    return true;
  }

  next(): Token | undefined {
    return this.tokens[this.at++];
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  /** An identifier: quoted as written, unquoted folded to lower case (as Postgres does). */
  name(): string | undefined {
    const t = this.peek();
    if (!t || (t.kind !== 'ident' && t.kind !== 'word')) return undefined;
    this.at++;
    return t.kind === 'ident' ? t.value : t.value.toLowerCase();
  }

  /** `schema.name` or `name`. */
  qualifiedName(): { schema?: string; name: string } | undefined {
    const first = this.name();
    if (first === undefined) return undefined;
    if (this.is('.')) {
      this.at++;
      const second = this.name();
      if (second !== undefined) return { schema: first, name: second };
    }
    return { name: first };
  }

  /** Skips a parenthesised group starting at the cursor; returns the tokens inside it. */
  group(): Token[] {
    if (!this.is('(')) return [];
    const start = ++this.at;
    for (let depth = 1; this.at < this.tokens.length; this.at++) {
      const v = this.tokens[this.at];
      if (v.kind !== 'punct') continue;
      if (v.value === '(') depth++;
      else if (v.value === ')' && --depth === 0) return this.tokens.slice(start, this.at++);
    }
    return this.tokens.slice(start);
  }
}

/** Splits tokens on top-level commas (ALTER TABLE's action list, a column list). */
export function splitTopLevel(tokens: Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'punct') {
      if (t.value === '(') depth++;
      else if (t.value === ')') depth--;
      else if (t.value === ',' && depth === 0) {
        parts.push([]);
        continue;
      }
    }
    parts[parts.length - 1].push(t);
  }
  return parts.filter((p) => p.length > 0);
}
