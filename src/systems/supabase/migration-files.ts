import type { FileSource } from '../../folder/file-source.js';

/** The CLI's `migrateFilePattern`: `<digits>_<anything>.sql`, case-sensitive (`.SQL` is skipped). */
const MIGRATION_FILE = /^([0-9]+)_(.*)\.sql$/s;
/** `<14 digits>_init.sql` before 2021-12-09 as the first entry: old CLIs wrote it, current ones skip it on purpose. */
const LEGACY_INIT = /([0-9]{14})_init\.sql/;

/** One file directly in `supabase/migrations`, as the CLI's ListLocalMigrations sees it. */
export interface SupabaseFile {
  /** File name (also its path relative to the migrations folder). */
  name: string;
  /** Version (the leading digits) and name, when the file name matches the pattern. */
  version?: string;
  title?: string;
  /** Why the CLI never runs it: a file name off the pattern, or the legacy init file it skips deliberately. */
  skipped?: 'name' | 'legacy-init';
}

/** A `supabase/migrations` folder, read once: entries in the CLI's order (byte order of the names). */
export interface SupabaseFolder {
  /** Display path of the migrations folder, relative to the working directory. */
  label: string;
  source: FileSource;
  files: SupabaseFile[];
  /** The files the CLI applies, in order. */
  migrations: SupabaseFile[];
  display(name: string): string;
}

export const byteOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

export function classifyFile(name: string, first: boolean): SupabaseFile {
  const legacy = LEGACY_INIT.exec(name);
  if (first && legacy && Number(legacy[1]) < 20211209000000) return { name, skipped: 'legacy-init' };
  const match = MIGRATION_FILE.exec(name);
  return match ? { name, version: match[1], title: match[2] } : { name, skipped: 'name' };
}

/** Reads the folder's listing (no file contents: rules read what they need). A missing folder is an empty one. */
export async function loadSupabaseFolder(source: FileSource, label: string): Promise<SupabaseFolder> {
  const entries = ((await source.list('')) ?? []).sort((a, b) => byteOrder(a.name, b.name));
  // The CLI's "first entry" test counts directories too (fs.ReadDir index 0).
  const files = entries.flatMap((entry, i) => (entry.isFile ? [classifyFile(entry.name, i === 0)] : []));
  return {
    label,
    source,
    files,
    migrations: files.filter((f) => !f.skipped),
    display: (name) => (label === '.' ? name : `${label}/${name}`),
  };
}
