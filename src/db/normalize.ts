/** Normalisation of types, defaults and expressions so that a drizzle snapshot and the live catalog (format_type,
 * pg_get_expr, pg_get_indexdef, pg_get_constraintdef) can be compared without string-comparing two dialects. */

/** Results cached by input: a wide schema repeats the same few types and defaults thousands of times, and the
 * embedded replay normalises the same catalog after every migration. Cleared when it grows past a bound. */
function memo<R>(fn: (raw: string, table?: string) => R): (raw: string, table?: string) => R {
  const cache = new Map<string, R>();
  return (raw, table) => {
    const key = table === undefined ? raw : `${table}\u0000${raw}`;
    let hit = cache.get(key);
    if (hit === undefined && !cache.has(key)) {
      if (cache.size > 50_000) cache.clear();
      hit = fn(raw, table);
      cache.set(key, hit);
    }
    return hit as R;
  };
}

const TYPE_ALIASES: Record<string, string> = {
  serial: 'integer',
  serial4: 'integer',
  smallserial: 'smallint',
  serial2: 'smallint',
  bigserial: 'bigint',
  serial8: 'bigint',
  int: 'integer',
  int4: 'integer',
  int2: 'smallint',
  int8: 'bigint',
  float4: 'real',
  float8: 'double precision',
  double: 'double precision',
  bool: 'boolean',
  decimal: 'numeric',
  varchar: 'character varying',
  char: 'character(1)',
  character: 'character(1)',
  bpchar: 'character',
  varbit: 'bit varying',
  bit: 'bit(1)',
};

/** Canonical spelling of a built-in (or extension) type as format_type prints it, lower-cased, with array
 * dimensions collapsed (Postgres does not enforce them: `integer[][]` is stored as `integer[]`). */
export const canonicalType = memo(canonicalTypeOf);

function canonicalTypeOf(raw: string): string {
  let t = raw.trim().toLowerCase();
  let array = false;
  const dims = /(\s*\[\d*\])+$/.exec(t);
  if (dims) {
    array = true;
    t = t.slice(0, dims.index).trim();
  }
  // A schema qualifier on a non-enum type (format_type qualifies types outside the search_path: public.vector(3)).
  t = t.replace(/^(?:"[^"]+"|[a-z_][\w$]*)\.(?=[a-z_"])/, '').replace(/"/g, '');
  // "timestamp (3) with time zone" → "timestamp(3) with time zone"; "numeric(10, 2)" → "numeric(10,2)".
  t = t.replace(/\s*\(\s*/g, '(').replace(/\s*,\s*/g, ',').replace(/\s*\)/g, ')').replace(/\s+/g, ' ');
  const paren = t.indexOf('(');
  let base = t;
  let mod = '';
  let rest = '';
  if (paren >= 0) {
    const close = t.indexOf(')', paren);
    base = t.slice(0, paren).trim();
    mod = t.slice(paren, close + 1);
    rest = t.slice(close + 1);
  } else {
    const zoned = /^(timestamp|time)( with(?:out)? time zone)$/.exec(t);
    if (zoned) [, base, rest] = zoned;
  }
  if (base === 'timestamptz' || base === 'timetz') {
    base = base.slice(0, -2);
    rest = ' with time zone';
  }
  if (base === 'timestamp' || base === 'time') {
    if (!/with(out)? time zone/.test(rest)) rest = ' without time zone';
  } else if (TYPE_ALIASES[base] !== undefined) {
    const alias = TYPE_ALIASES[base];
    base = mod && alias.endsWith(')') ? alias.replace(/\(.*\)$/, '') : alias;
  }
  t = `${base}${mod}${rest}`.replace(/\s+/g, ' ').trim();
  return array ? `${t}[]` : t;
}

/** Canonical type of an enum column: its qualified name, so `mood` in schema `other` never equals `public.mood`. */
export function enumType(schema: string, name: string, array: boolean): string {
  return `enum:${schema}.${name}${array ? '[]' : ''}`;
}

/** Index of the top-level `::` that starts a trailing cast, or -1. */
function trailingCastAt(s: string): number {
  let depth = 0;
  let quote = '';
  let found = -1;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) {
        if (s[i + 1] === quote) i++;
        else quote = '';
      }
      continue;
    }
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(' || ch === '[') depth++;
    else if (ch === ')' || ch === ']') depth--;
    else if (depth === 0 && ch === ':' && s[i + 1] === ':') {
      found = i;
      i++;
    } else if (depth === 0 && found >= 0 && /[+\-*/%<>=|&,]/.test(ch)) found = -1;
  }
  return found;
}

/** Strips parentheses that wrap the whole expression: `((a))` → `a`, but not `(a) + (b)`. */
function stripOuterParens(s: string): string {
  for (;;) {
    s = s.trim();
    if (!s.startsWith('(') || !s.endsWith(')')) return s;
    let depth = 0;
    let quote = '';
    for (let i = 0; i < s.length; i++) {
      const ch = s[i];
      if (quote) {
        if (ch === quote) quote = '';
        continue;
      }
      if (ch === "'" || ch === '"') quote = ch;
      else if (ch === '(') depth++;
      else if (ch === ')') {
        depth--;
        if (depth === 0 && i < s.length - 1) return s;
      }
    }
    s = s.slice(1, -1);
  }
}

function stripTrailingCasts(s: string): string {
  for (;;) {
    s = stripOuterParens(s);
    const at = trailingCastAt(s);
    // the cast's type, quoted names reduced to one word (an enum may be called "problem-status")
    if (at < 0 || !/^[\w\s."()[\],]+$/.test(s.slice(at + 2).replace(/"(?:[^"]|"")*"/g, 'q'))) return s;
    s = s.slice(0, at);
  }
}

function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${sortedJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i;

function canonicalLiteral(v: string): string {
  if (NUMBER.test(v.trim())) return `num:${Number(v)}`;
  const t = v.trim();
  if ((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'))) {
    try {
      return `json:${sortedJson(JSON.parse(t))}`;
    } catch {
      // a Postgres array literal such as {1,2} or {a,b}: compare without spaces
      return `lit:${t.replace(/\s+/g, '')}`;
    }
  }
  if (t === 'true' || t === 't') return 'bool:true';
  if (t === 'false' || t === 'f') return 'bool:false';
  return `lit:${v}`;
}

/** Functions that Postgres stores in another spelling than the one written. */
const SAME_FUNCTION: [RegExp, string][] = [
  [/^current_timestamp(\(\))?$/, 'now()'],
  [/^transaction_timestamp\(\)$/, 'now()'],
  [/^localtimestamp$/, 'localtimestamp'],
];

/** Canonical default: literals by value (numbers numerically, JSON by content, casts dropped), `nextval()` for any
 * sequence default, other expressions loosely (see looseExpr). */
export function canonicalDefault(raw: unknown, table?: string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'number') return `num:${raw}`;
  if (typeof raw === 'boolean') return `bool:${raw}`;
  if (typeof raw === 'object') return `json:${sortedJson(raw)}`;
  return canonicalDefaultText(String(raw), table);
}

const canonicalDefaultText = memo((raw: string, table?: string): string | undefined => {
  let s = stripTrailingCasts(raw);
  if (/^nextval\s*\(/i.test(s)) return 'nextval()';
  if (/^'(?:[^']|'')*'$/s.test(s)) return canonicalLiteral(s.slice(1, -1).replace(/''/g, "'"));
  if (/^[a-z]+\s+'(?:[^']|'')*'$/is.test(s)) return canonicalLiteral(s.replace(/^[a-z]+\s+'/i, '').slice(0, -1).replace(/''/g, "'"));
  if (NUMBER.test(s) || /^(true|false)$/i.test(s)) return canonicalLiteral(s.toLowerCase());
  if (/^null$/i.test(s)) return undefined;
  s = looseExpr(s, table);
  for (const [pattern, canonical] of SAME_FUNCTION) if (pattern.test(s)) return canonical;
  return s;
});

/** Loose form of an SQL expression for equality only: lower-cased, no quotes around identifiers, no casts, no
 * parentheses, no whitespace, no `table.` or `schema.table.` qualifiers, `interval '1 day'` == `'1 day'::interval`.
 * Postgres re-prints stored expressions (pg_get_expr adds parentheses and casts, and never qualifies the table's own
 * columns), while drizzle-kit writes `"schema"."table"."column"` for a table outside public — only this much is
 * comparable. */
const SELECT_ALIAS = /\s+as\s+[a-z_][\w$]*(?=\s*(?:,|\)|from\b|$))/gi;

export const looseExpr = memo((raw: string, table?: string): string => {
  let s = betweenAsComparisons(raw);
  // cast suffixes: ::text, ::character varying, ::timestamp(3) with time zone, ::"other"."mood", ::integer[]
  s = s.replace(/::\s*(?:"[^"]+"|[a-z_][\w$]*)(?:\s*\.\s*(?:"[^"]+"|[a-z_][\w$]*))?(?:\s*\([\d\s,]*\))?(?:\s+(?:varying|precision|with(?:out)?\s+time\s+zone))*(?:\s*\[\d*\])*/gi, '');
  s = s.replace(/\b(?:interval|timestamp|timestamptz|date|time|uuid|jsonb?|text|numeric)\s+'/gi, "'");
  s = s.replace(/"/g, '');
  // a sub-SELECT's output alias, which Postgres prints (`(SELECT auth.uid() AS uid)`) and nobody needs to write
  if (/\bselect\b/i.test(s)) s = s.replace(SELECT_ALIAS, '');
  if (table && s.toLowerCase().includes(`${table.toLowerCase()}.`)) s = s.replace(qualifierPattern(table), '');
  s = s.replace(/[()\s]/g, '').toLowerCase();
  for (const [printed, written] of PRINTED_OPERATORS) s = s.replace(printed, written);
  return s;
});

/** Loose form of a view's SELECT for equality only: pg_get_viewdef qualifies names relative to the search_path,
 * adds output aliases (`count(*) AS count`) and a trailing `;`, and lays the query out on lines; drizzle-kit keeps the
 * text as written. So every `schema.` / `table.` qualifier and every output alias goes, then looseExpr. Looser than
 * the query (a renamed output column compares equal); the replay has Postgres print both sides instead. */
export const looseView = memo((raw: string): string => {
  let s = raw.trim().replace(/;\s*$/, '').replace(/"/g, '');
  s = s.replace(/(?<![\w$.'])(?:[a-z_][\w$]*\s*\.\s*)+(?=[a-z_*])/gi, '');
  return looseExpr(s);
});

/** Operators as Postgres prints them (pg_get_constraintdef, pg_get_expr) → as people write them, in the loose form
 * (no spaces, no parentheses): `!=` is stored as `<>`, `x IN (…)` as `x = ANY (ARRAY[…])`, `NOT IN` as
 * `<> ALL (ARRAY[…])`, LIKE/ILIKE as `~~`/`~~*`. Order matters (the longer spellings first). */
const PRINTED_OPERATORS: [RegExp, string][] = [
  [/!=/g, '<>'],
  [/=anyarray\[([^\]]*)\]/g, 'in$1'],
  [/<>allarray\[([^\]]*)\]/g, 'notin$1'],
  [/!~~\*/g, 'notilike'],
  [/~~\*/g, 'ilike'],
  [/!~~/g, 'notlike'],
  [/~~/g, 'like'],
];

/** One operand of BETWEEN: an identifier chain, a number, a quoted literal, or a function call with flat arguments. */
const OPERAND = `(?:[\\w."$]+(?:\\([^()]*\\))?|'(?:[^']|'')*'(?:::[\\w ]+)?|-?\\d+(?:\\.\\d+)?)`;
const BETWEEN = new RegExp(`(${OPERAND})\\s+(not\\s+)?between\\s+(?!symmetric\\b)(${OPERAND})\\s+and\\s+(${OPERAND})`, 'gi');

/** `x BETWEEN a AND b` is stored as `x >= a AND x <= b` (NOT BETWEEN as `x < a OR x > b`). */
function betweenAsComparisons(s: string): string {
  if (!/between/i.test(s)) return s;
  return s.replace(BETWEEN, (_, x, not, a, b) => (not ? `(${x} < ${a} OR ${x} > ${b})` : `(${x} >= ${a} AND ${x} <= ${b})`));
}

const qualifierPatterns = new Map<string, RegExp>();
/** `table.` or `schema.table.` (quotes already removed), as a whole identifier chain. */
function qualifierPattern(table: string): RegExp {
  let pattern = qualifierPatterns.get(table);
  if (!pattern) {
    const name = table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    pattern = new RegExp(`(?<![\\w$.])(?:[a-z_][\\w$]*\\s*\\.\\s*)?${name}\\s*\\.`, 'gi');
    qualifierPatterns.set(table, pattern);
  }
  return pattern;
}

/** Postgres truncates identifiers to 63 bytes; names from a snapshot are compared as the server stores them. */
export function pgIdentifier(name: string): string {
  // At most 3 UTF-8 bytes per UTF-16 unit: short names need no encoding (this runs for every name of a snapshot).
  if (name.length <= 21) return name;
  const bytes = Buffer.from(name, 'utf8');
  if (bytes.length <= 63) return name;
  let end = 63;
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}
