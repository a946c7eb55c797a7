/** drizzle-kit asks "is this a rename?" whenever one diff both removes and adds entities of one kind. These helpers
 * find such groups in two snapshots (format 7) and split the diff so each half is unambiguous. */

type Json = Record<string, any>;

export interface Ambiguity {
  added: string[];
  removed: string[];
}

const TOP_LEVEL = ['schemas', 'enums', 'sequences', 'roles', 'policies', 'views', 'tables'] as const;

const nameOf = (key: string, value: unknown) => String((value as Json)?.name ?? key.split('.').pop());
const keys = (o: unknown) => Object.keys((o as Json) ?? {});

/** Groups where something is removed and something else is added; returns null when there are none. */
export function findAmbiguity(prev: Json, cur: Json): Ambiguity | null {
  const added: string[] = [];
  const removed: string[] = [];
  const group = (before: Json | undefined, after: Json | undefined) => {
    const b = keys(before);
    const a = keys(after);
    const gone = b.filter((k) => !a.includes(k));
    const fresh = a.filter((k) => !b.includes(k));
    if (gone.length && fresh.length) {
      removed.push(...gone.map((k) => nameOf(k, before![k])));
      added.push(...fresh.map((k) => nameOf(k, after![k])));
      return fresh;
    }
    return [];
  };
  for (const kind of TOP_LEVEL) group(prev[kind], cur[kind]);
  for (const key of keys(cur.tables)) {
    if (!prev.tables?.[key]) continue;
    group(prev.tables[key].columns, cur.tables[key].columns);
    group(prev.tables[key].policies, cur.tables[key].policies);
  }
  return added.length ? { added, removed } : null;
}

/** `cur` without the entities that make the diff ambiguous: prev → mid only removes, mid → cur only adds. */
export function withoutAdditions(prev: Json, cur: Json): Json {
  const mid: Json = structuredClone(cur);
  const strip = (before: Json | undefined, after: Json | undefined) => {
    if (!after) return;
    const b = keys(before);
    const a = keys(after);
    const gone = b.filter((k) => !a.includes(k));
    if (!gone.length) return;
    for (const k of a) if (!b.includes(k)) delete after[k];
  };
  for (const kind of TOP_LEVEL) strip(prev[kind], mid[kind]);
  for (const key of keys(mid.tables)) {
    if (!prev.tables?.[key]) continue;
    strip(prev.tables[key].columns, mid.tables[key].columns);
    strip(prev.tables[key].policies, mid.tables[key].policies);
  }
  return mid;
}
