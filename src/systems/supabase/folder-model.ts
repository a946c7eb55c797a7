import type { FileSource } from '../../folder/file-source.js';
import type { MigrationFolder } from '../../folder/migration-folder.js';
import { loadSupabaseFolder, type SupabaseFolder } from './migration-files.js';

/** The CLI's history table, as the common model's settings name a tracking table. */
export const SUPABASE_SETTINGS = { prefix: 'timestamp' as const, breakpoints: false, table: 'schema_migrations', schema: 'supabase_migrations' };

/** The Supabase view of each common-model folder this system loaded (the listing with skipped files, versions). */
const views = new WeakMap<MigrationFolder, SupabaseFolder>();

export function supabaseView(folder: MigrationFolder): SupabaseFolder {
  const view = views.get(folder);
  if (!view) throw new Error(`${folder.label} was not read by the supabase system`);
  return view;
}

/** A migration's tag: its file name without `.sql` (as a drizzle journal tag). */
export const tagOf = (name: string) => name.replace(/\.sql$/, '');

/** Reads `supabase/migrations` into the common model: one migration per file the CLI applies. */
export async function loadCommonFolder(source: FileSource, label: string): Promise<MigrationFolder> {
  const view = await loadSupabaseFolder(source, label);
  const folder: MigrationFolder = {
    system: 'supabase',
    label,
    settings: SUPABASE_SETTINGS,
    source,
    journalProblems: [],
    sqlFiles: view.files.filter((f) => f.name.endsWith('.sql')).map((f) => f.name),
    snapshots: [],
    migrations: view.migrations.map((file, index) => ({ index, tag: tagOf(file.name), sqlPath: file.name, sqlExists: true })),
    display: view.display,
  };
  views.set(folder, view);
  return folder;
}
