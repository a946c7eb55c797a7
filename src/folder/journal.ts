import { stripBom } from './snapshot-header.js';

export interface JournalEntry {
  idx: number;
  version: string;
  when: number;
  tag: string;
  breakpoints: boolean;
}

export interface Journal {
  version: string;
  dialect: string;
  entries: JournalEntry[];
}

export interface JournalProblem {
  message: string;
  fix: string;
  tag?: string;
  line?: number;
}

export const POSTGRES_DIALECTS = new Set(['postgresql', 'pg']);

let lineIndex: { text: string; starts: number[]; strings: Map<string, number> } | undefined;

/** Newline offsets and the first offset of every JSON string literal, computed once per text. */
function journalIndex(text: string): NonNullable<typeof lineIndex> {
  if (lineIndex?.text === text) return lineIndex;
  const starts: number[] = [];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i);
  const strings = new Map<string, number>();
  for (const m of text.matchAll(/"(?:[^"\\\n]|\\.)*"/g)) if (!strings.has(m[0])) strings.set(m[0], m.index!);
  return (lineIndex = { text, starts, strings });
}

/** Line (1-based) of the first occurrence of `needle` in `text`, for pointing at a journal entry. A quoted needle
 * (`"0003_tag"`, the usual one) is looked up in the index, so a finding per entry stays linear, not a scan each. */
export function lineOf(text: string, needle: string): number | undefined {
  const index = journalIndex(text);
  const at = /^"(?:[^"\\\n]|\\.)*"$/.test(needle) ? (index.strings.get(needle) ?? -1) : text.indexOf(needle);
  if (at < 0) return undefined;
  const { starts } = index;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return lo + 1;
}

/** Parses `meta/_journal.json` the way drizzle does (plain JSON.parse), collecting every shape problem
 * instead of stopping at the first. Entries too broken to use are dropped from `journal.entries`. */
export function parseJournal(raw: Buffer): { journal?: Journal; problems: JournalProblem[]; text: string } {
  const text = raw.toString('utf8');
  const problems: JournalProblem[] = [];
  if (text.charCodeAt(0) === 0xfeff) {
    problems.push({
      message: 'meta/_journal.json starts with a UTF-8 byte-order mark; drizzle-kit and drizzle-orm cannot parse it',
      fix: 'Save the file as UTF-8 without BOM.',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(stripBom(text));
  } catch (error) {
    problems.push({
      message: `meta/_journal.json is not valid JSON: ${(error as Error).message}`,
      fix: 'Restore the journal from git (git checkout -- <file>) or fix the JSON by hand.',
    });
    return { problems, text };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push({ message: 'meta/_journal.json is not a JSON object', fix: 'Restore the journal from git.' });
    return { problems, text };
  }
  const obj = data as Record<string, unknown>;
  const dialect = typeof obj.dialect === 'string' ? obj.dialect : '';
  if (!POSTGRES_DIALECTS.has(dialect)) {
    problems.push({
      message: `journal dialect is ${JSON.stringify(obj.dialect)}; driftgate checks PostgreSQL migrations only`,
      fix: 'Point driftgate at a postgresql migrations folder (dialect "postgresql").',
    });
  }
  if (!Array.isArray(obj.entries)) {
    problems.push({ message: 'meta/_journal.json has no "entries" array', fix: 'Restore the journal from git.' });
    return { problems, text };
  }
  const entries: JournalEntry[] = [];
  obj.entries.forEach((raw, position) => {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const bad: string[] = [];
    if (typeof e.tag !== 'string' || e.tag === '') bad.push('tag');
    if (typeof e.idx !== 'number' || !Number.isInteger(e.idx)) bad.push('idx');
    if (typeof e.when !== 'number' || !Number.isFinite(e.when)) bad.push('when');
    if (typeof e.tag === 'string' && /[\\/]|^\.\.?$/.test(e.tag)) {
      // drizzle reads `<out>/<tag>.sql`: a tag with a path in it makes drizzle read another file, maybe outside the
      // project. Not a migration driftgate will read, hash or replay.
      const where = e.tag.split(/[\\/]/).includes('..') ? ', outside the migrations folder' : '';
      problems.push({
        message: `journal entry #${position} has the tag ${JSON.stringify(e.tag)}, a path: drizzle would read ${e.tag}.sql${where}`,
        fix: 'A tag is a file name (0003_add_users), as drizzle-kit writes it; restore the journal from git.',
        line: lineOf(text, JSON.stringify(e.tag).slice(0, -1)),
      });
      return;
    }
    if (bad.length > 0) {
      const tag = typeof e.tag === 'string' ? e.tag : undefined;
      problems.push({
        message: `journal entry #${position}${tag ? ` (${tag})` : ''} has a missing or invalid ${bad.join(', ')}`,
        fix: 'Each entry needs numeric idx and when, and a string tag, as drizzle-kit writes them.',
        tag,
        line: tag ? lineOf(text, `"${tag}"`) : undefined,
      });
      if (bad.includes('tag')) return;
    }
    entries.push({
      idx: typeof e.idx === 'number' ? e.idx : position,
      version: typeof e.version === 'string' ? e.version : String(e.version ?? ''),
      when: typeof e.when === 'number' ? e.when : Number.NaN,
      tag: e.tag as string,
      breakpoints: e.breakpoints !== false,
    });
  });
  return { journal: { version: String(obj.version ?? ''), dialect, entries }, problems, text };
}
