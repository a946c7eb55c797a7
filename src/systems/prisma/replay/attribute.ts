import { stripCommentsAndStrings } from '../../../embedded/extensions.js';

/** One difference the engine's diff summary lists: the object (table or enum) and, for a change inside it, the
 * change (`Added column \`views\``). */
export interface SummaryItem {
  kind: 'table' | 'enum';
  object: string;
  change: string;
  /** A whole object added or removed (`Added table`), not a change inside one. */
  whole: boolean;
  /** The identifiers the change names (column names, index columns, enum values): a statement that makes the change
   * names them too. */
  names: string[];
}

/** Reads the engine's human diff summary into items:
 * `[+] Added tables` / `  - Tag`; `[*] Changed the \`Post\` table` / `  [+] Added column \`views\``;
 * `[*] Changed the \`Role\` enum` / `  [+] Added variant \`ADMIN\``. */
export function summaryItems(summary: string): SummaryItem[] {
  const items: SummaryItem[] = [];
  let head: { kind: 'table' | 'enum'; object?: string; change: string } | undefined;
  for (const raw of summary.split('\n')) {
    const line = raw.trim();
    if (!line) continue;
    if (!raw.startsWith(' ')) {
      const changed = /^\[\*\]\s*Changed the `([^`]+)` (table|enum)/.exec(line);
      const listed = /^\[([+-])\]\s*(Added|Removed) (tables|enums)/.exec(line);
      head = changed ? { kind: changed[2] as 'table' | 'enum', object: changed[1], change: '' } : listed ? { kind: listed[3] === 'enums' ? 'enum' : 'table', change: `${listed[2]} ${listed[3].slice(0, -1)}` } : undefined;
      continue;
    }
    if (!head) continue;
    const text = line.replace(/^-\s*|^\[[*+-]\]\s*/, '');
    if (head.object === undefined) items.push({ kind: head.kind, object: text.replace(/`/g, ''), change: head.change, whole: true, names: [] });
    else items.push({ kind: head.kind, object: head.object, change: text, whole: false, names: namesIn(text) });
  }
  return items;
}

/** Backticked names and parenthesised column lists of a change line. */
function namesIn(change: string): string[] {
  const names = [...change.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  // "Added index on columns (a, b)"; other parentheses say what changed: "(type changed)"
  for (const list of change.matchAll(/\bon columns? \(([^)]*)\)/g)) names.push(...list[1].split(',').map((s) => s.trim()).filter(Boolean));
  return names;
}

/** Whether `sql` names identifier `name`: quoted as Prisma writes it, or unquoted (Postgres folds to lower case). */
function names(sql: string, name: string): boolean {
  const bare = name.split('.').pop()!;
  if (sql.includes(`"${bare}"`)) return true;
  return bare === bare.toLowerCase() && new RegExp(`(^|[^\\w"$])${bare.replace(/[$]/g, '\\$')}($|[^\\w"$])`, 'i').test(sql);
}

/** Statements of a migration, comments and literals blanked (enum values are kept as quoted names: 'ADMIN'). */
function statements(sql: string): string[] {
  return stripCommentsAndStrings(sql.replace(/'((?:[^']|'')*)'/g, '"$1"')).split(';');
}

/** The migration (index into `sqls`) that last made a statement about the item: one naming its object and every
 * name of the change. -1 when none does: no migration makes it (schema.prisma is ahead of the history). */
export function lastMigrationNaming(item: SummaryItem, parsed: string[][]): number {
  for (let i = parsed.length - 1; i >= 0; i--) {
    if (parsed[i].some((s) => names(s, item.object) && item.names.every((n) => names(s, n)))) return i;
  }
  return -1;
}

/** The items grouped by the migration each is attributed to (-1: none), in migration order. */
export function attribute(items: SummaryItem[], sqls: string[]): Map<number, SummaryItem[]> {
  const parsed = sqls.map(statements);
  const out = new Map<number, SummaryItem[]>();
  for (const item of items) {
    const at = lastMigrationNaming(item, parsed);
    out.set(at, [...(out.get(at) ?? []), item]);
  }
  return new Map([...out].sort(([a], [b]) => (a === -1 ? 1 : b === -1 ? -1 : a - b)));
}

/** One item as the finding lists it: `Added table Tag`, `Post: Added column \`views\``. */
export const describe = (item: SummaryItem) => (item.whole ? `${item.change} ${item.object}` : `${item.object}: ${item.change}`);
