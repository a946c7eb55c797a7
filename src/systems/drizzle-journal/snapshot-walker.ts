import type { MigrationFolder } from '../../folder/migration-folder.js';
import { readSnapshotJson } from '../../folder/read-files.js';

type Snapshot = Record<string, unknown>;

/** One entry of a snapshot's `tables`: its text as the file has it, and its parsed key and value. */
interface TableEntry {
  text: Buffer;
  key: string;
  value: unknown;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
/** drizzle-kit writes snapshots as `JSON.stringify(snapshot, null, 2)`: the `tables` key two spaces in, each table's
 * key four, the object's closing brace two. A literal newline only occurs between tokens (JSON escapes it inside
 * strings), so these byte sequences are structure, never content. */
const TABLES = Buffer.from('\n  "tables": {');
const ENTRY = Buffer.from('\n    "');
const CLOSE = Buffer.from('\n  }');
const KEY_END = Buffer.from('":');
const isBlank = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** The `tables` object's entries as byte ranges, and the file with the object emptied; undefined when the file is
 * not laid out as drizzle-kit writes it. */
function splitTables(file: Buffer): { rest: Buffer; entries: Buffer[] } | undefined {
  const open = file.indexOf(TABLES);
  if (open < 0) return undefined;
  const inner = open + TABLES.length;
  let first = inner;
  while (isBlank(file[first]) && file[first] !== 0x0a) first++;
  if (file[first] === 0x7d) return { rest: file, entries: [] }; // "tables": {}
  const close = file.indexOf(CLOSE, inner);
  const starts: number[] = [];
  for (let at = file.indexOf(ENTRY, inner); at >= 0 && at < close; at = file.indexOf(ENTRY, at + ENTRY.length)) starts.push(at + 1);
  if (close < 0 || starts[0] !== first + 1) return undefined;
  const entries = starts.map((start, i) => {
    let end = i + 1 < starts.length ? starts[i + 1] - 1 : close;
    while (end > start && (isBlank(file[end - 1]) || file[end - 1] === 0x2c)) end--; // the separating comma, line ends
    return file.subarray(start, end);
  });
  return { rest: Buffer.concat([file.subarray(0, inner), file.subarray(close)]), entries };
}

function parseEntry(text: Buffer): { key: string; value: unknown } | undefined {
  try {
    const parsed = JSON.parse(`{${text.toString('utf8')}}`) as Record<string, unknown>;
    const keys = Object.keys(parsed);
    return keys.length === 1 ? { key: keys[0], value: parsed[keys[0]] } : undefined;
  } catch {
    return undefined;
  }
}

function parseObject(text: Buffer): Snapshot | undefined {
  try {
    const parsed = JSON.parse(text.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Reads a folder's snapshots one after another, as the replay walks them, parsing only the table entries whose text
 * differs from the same entry of the snapshot read before. A migration changes a few tables; each snapshot of a
 * 300-migration history holds all 158 (559 KB of JSON), and decoding and parsing them whole was the replay's largest
 * cost outside Postgres. An unchanged entry is the same object as in the previous snapshot, so comparing the two is
 * one reference check. A file not laid out as drizzle-kit writes it is parsed whole, as before.
 *
 * The objects returned are shared between snapshots: callers only read them.
 */
export function snapshotWalker(folder: MigrationFolder): (path: string) => Promise<Snapshot | null> {
  let previous = new Map<string, TableEntry>();
  return async (path) => {
    const read = await folder.source.read(path);
    if (!read.ok) return null;
    const file = read.data.subarray(0, 3).equals(BOM) ? read.data.subarray(3) : read.data;
    const split = splitTables(file);
    const snapshot = split && parseObject(split.rest);
    if (!split || !snapshot || typeof snapshot.tables !== 'object' || snapshot.tables === null) return readSnapshotJson(folder, path);
    const current = new Map<string, TableEntry>();
    const tables: Record<string, unknown> = {};
    for (const text of split.entries) {
      const rawKey = text.subarray(0, text.indexOf(KEY_END)).toString('latin1');
      const before = previous.get(rawKey);
      const entry = before?.text.equals(text) ? before : { text, ...parseEntry(text) };
      if (entry.key === undefined || Object.hasOwn(tables, entry.key)) return readSnapshotJson(folder, path);
      current.set(rawKey, entry as TableEntry);
      tables[entry.key] = entry.value;
    }
    previous = current;
    return { ...snapshot, tables };
  };
}
