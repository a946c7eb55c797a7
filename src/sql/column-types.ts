/** Postgres type-change facts the safety rules need: which `ALTER COLUMN … TYPE` changes are binary-coercible (no
 * table rewrite, Postgres decides this in ATColumnChangeRequiresRewrite) and which column defaults are volatile. */

const ALIASES: Record<string, string> = {
  'character varying': 'varchar',
  character: 'char',
  bpchar: 'char',
  int: 'integer',
  int4: 'integer',
  int8: 'bigint',
  int2: 'smallint',
  float8: 'double precision',
  float4: 'real',
  decimal: 'numeric',
  bool: 'boolean',
  'timestamp without time zone': 'timestamp',
  'timestamp with time zone': 'timestamptz',
  'time without time zone': 'time',
  'time with time zone': 'timetz',
};

interface ParsedType {
  base: string;
  args: number[];
  array: boolean;
}

/** `varchar(255)`, `"public"."status"`, `timestamp(3) with time zone`, `text[]` → base, modifiers, array. */
export function parseType(text: string): ParsedType {
  let t = text.trim().toLowerCase().replace(/"/g, '').replace(/^(public|pg_catalog)\./, '').replace(/\s+/g, ' ');
  const array = /\[\s*\d*\s*\]$/.test(t) || /\barray$/.test(t);
  t = t.replace(/(\[\s*\d*\s*\])+$/, '').replace(/\s*array$/, '');
  const args = (/\(([^)]*)\)/.exec(t)?.[1] ?? '')
    .split(',')
    .map((a) => Number(a.trim()))
    .filter((n) => Number.isFinite(n) && String(n) !== '');
  const base = t.replace(/\s*\([^)]*\)\s*/, ' ').trim();
  return { base: ALIASES[base] ?? base, args: /\(/.test(t) ? args : [], array };
}

const TEXTUAL = new Set(['varchar', 'text']);
const PRECISION = new Set(['timestamp', 'timestamptz', 'time', 'timetz', 'interval']);

/** Why changing a column from `from` to `to` rewrites the table, or null when Postgres only updates the catalog. */
export function typeChangeRewrite(from: string | undefined, to: string, using: boolean): string | null {
  if (from === undefined) return `the type changes to ${to} from a type driftgate could not read from the snapshots`;
  const a = parseType(from);
  const b = parseType(to);
  const same = a.base === b.base && a.array === b.array && a.args.join() === b.args.join();
  if (same) return null;
  const why = `${from} → ${to} is not binary-coercible`;
  if (a.array !== b.array) return why;
  if (TEXTUAL.has(a.base) && TEXTUAL.has(b.base)) {
    if (b.base === 'text' || b.args.length === 0) return null;
    if (a.base === 'varchar' && a.args.length && b.args[0] >= a.args[0]) return null;
    return `${from} → ${to} shortens the limit, so every row is checked and the table rewritten`;
  }
  if (using) return `${why} (USING casts every row)`;
  if (a.base === 'numeric' && b.base === 'numeric') {
    if (b.args.length === 0) return null;
    if (a.args.length && (a.args[1] ?? 0) === (b.args[1] ?? 0) && b.args[0] >= a.args[0]) return null;
    return why;
  }
  if (PRECISION.has(a.base) && a.base === b.base && (b.args.length === 0 || (a.args.length && b.args[0] >= a.args[0]))) return null;
  if ((a.base === 'varbit' || a.base === 'bit varying') && a.base === b.base && (b.args.length === 0 || b.args[0] >= (a.args[0] ?? Infinity))) return null;
  if (a.base === 'cidr' && b.base === 'inet') return null;
  return why;
}

/** Functions whose value differs per row: a default calling one makes ADD COLUMN fill every row (a rewrite). */
const VOLATILE = /\b(random|gen_random_uuid|uuid_generate_v[1-7]\w*|uuidv[47]|nextval|clock_timestamp|timeofday|gen_random_bytes|txid_current)\s*\(/i;

export function volatileDefault(expression: string): boolean {
  return VOLATILE.test(expression);
}

/** serial types own a sequence default: adding one to an existing table fills every row. */
export function isSerial(type: string): boolean {
  return /^(small|big)?serial$|^serial[248]$/.test(parseType(type).base);
}
