/** drizzle-kit writes every named collection of a snapshot as an object of objects (or, for `schemas`, of strings).
 * A null or a number in one of them (a bad merge, a hand edit) would crash the code that reads it: name it instead. */
const TOP = ['tables', 'enums', 'sequences', 'views', 'policies', 'roles'] as const;
const IN_TABLE = ['columns', 'indexes', 'foreignKeys', 'compositePrimaryKeys', 'uniqueConstraints', 'checkConstraints', 'policies'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

/** `label` is where the collection sits, e.g. `tables["public.posts"].foreignKeys`. */
function collectionProblem(value: unknown, label: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isObject(value)) return `${label} is ${kind(value)}, not an object`;
  for (const [key, entry] of Object.entries(value)) if (!isObject(entry)) return `${label}[${JSON.stringify(key)}] is ${kind(entry)}, not an object`;
  return undefined;
}

/** The first place where a snapshot's shape is not what drizzle-kit writes, or undefined. */
export function snapshotShapeProblem(snapshot: Record<string, unknown>): string | undefined {
  for (const key of TOP) {
    const problem = collectionProblem(snapshot[key], key);
    if (problem) return problem;
  }
  for (const [name, table] of Object.entries((snapshot.tables ?? {}) as Record<string, Record<string, unknown>>)) {
    for (const key of IN_TABLE) {
      const problem = collectionProblem(table[key], `tables[${JSON.stringify(name)}].${key}`);
      if (problem) return problem;
    }
  }
  return undefined;
}
