import type { FileSource } from './file-source.js';

/** The fields at the top of a drizzle-kit snapshot. Read without parsing the (often ~1 MB) body. */
export interface SnapshotHeader {
  id?: string;
  prevId?: string;
  /** drizzle-kit 1.0 snapshots: the parents of a migration (a merge has two). */
  prevIds?: string[];
  version?: string;
  dialect?: string;
  /** drizzle-kit 1.0 snapshot format 9: `base` (full schema) or `diff` (only its migration's changes). */
  type?: string;
  /** Set when the file cannot serve as a snapshot: empty, not JSON, truncated, unreadable. */
  error?: string;
}

const HEAD_BYTES = 4096;
const TAIL_BYTES = 64;
const WANTED = new Set(['id', 'prevId', 'prevIds', 'version', 'dialect', 'type']);

/** Scans the top-level keys of a JSON object until the first object/array value, collecting string values.
 * Returns null when the text is not the start of a JSON object. */
export function scanTopLevel(text: string): Record<string, unknown> | null {
  const found: Record<string, unknown> = {};
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const skipWs = () => {
    while (i < text.length && /\s/.test(text[i])) i++;
  };
  const readString = (): string | null => {
    if (text[i] !== '"') return null;
    let out = '';
    for (i++; i < text.length; i++) {
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const next = text[++i];
        out += next === 'n' ? '\n' : next === 't' ? '\t' : next;
      } else out += c;
    }
    return null;
  };
  skipWs();
  if (text[i] !== '{') return null;
  i++;
  for (;;) {
    skipWs();
    if (text[i] === '}') return found;
    const key = readString();
    if (key === null) return found;
    skipWs();
    if (text[i] !== ':') return found;
    i++;
    skipWs();
    const c = text[i];
    if (c === '"') {
      const value = readString();
      if (value === null) return found;
      if (WANTED.has(key)) found[key] = value;
    } else if (c === '[' && key === 'prevIds') {
      const end = text.indexOf(']', i);
      if (end < 0) return found;
      try {
        found[key] = JSON.parse(text.slice(i, end + 1));
      } catch {
        return found;
      }
      i = end + 1;
    } else if (c === '{' || c === '[') {
      return found; // the body starts; stop here
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '}') i++;
    }
    skipWs();
    if (text[i] === ',') i++;
  }
}

function pick(fields: Record<string, unknown>): SnapshotHeader {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const header: SnapshotHeader = {
    id: str(fields.id),
    prevId: str(fields.prevId),
    version: str(fields.version),
    dialect: str(fields.dialect),
  };
  if (typeof fields.type === 'string') header.type = fields.type;
  if (Array.isArray(fields.prevIds)) header.prevIds = fields.prevIds.filter((p): p is string => typeof p === 'string');
  return header;
}

/** Reads a snapshot's header from its first 4 KB (and its last bytes, to notice truncation). Old snapshots that
 * keep id/prevId after the body fall back to one full parse. */
export async function readSnapshotHeader(source: FileSource, path: string): Promise<SnapshotHeader> {
  const result = await source.readEdges(path, HEAD_BYTES, TAIL_BYTES);
  if (!result.ok) {
    return { error: result.reason === 'unreadable' ? `cannot be read (${result.detail})` : `is a ${result.reason}` };
  }
  const { head, tail, size } = result.edges;
  if (size === 0) return { error: 'is empty (0 bytes)' };
  const end = tail.toString('latin1').trimEnd();
  // drizzle-kit pretty-prints snapshots, so the root object closes with a "}" alone on the last line; an indented
  // "}" there means the file was cut inside a nested object. Minified files are checked by a full parse below.
  const prettyEnd = /\n\}$/.test(end);
  if (!end.endsWith('}') || (!prettyEnd && end.includes('\n'))) return { error: 'is truncated (it does not end with the closing "}" of the snapshot)' };
  const fields = scanTopLevel(head.toString('utf8'));
  if (fields === null) return { error: 'is not a JSON object' };
  const header = pick(fields);
  if (prettyEnd && header.id !== undefined && (header.prevId !== undefined || header.prevIds !== undefined)) return header;
  // Rare: id/prevId stored after the body, or a minified file. Parse the whole file once.
  const full = await source.read(path);
  if (!full.ok) return { error: `cannot be read (${full.reason})` };
  try {
    const parsed = JSON.parse(stripBom(full.data.toString('utf8')));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { error: 'is not a JSON object' };
    return pick(parsed as Record<string, unknown>);
  } catch (error) {
    return { error: `is not valid JSON (${(error as Error).message})` };
  }
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
