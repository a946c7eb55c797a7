import { posix } from 'node:path';
import type { FileSource } from '../../folder/file-source.js';
import { DEFAULT_SETTINGS, type Migration, type MigrationFolder } from '../../folder/migration-folder.js';

export const MIGRATION_SQL = 'migration.sql';
export const LOCK_FILE = 'migration_lock.toml';
/** Prisma's tracking table (in the datasource's schema; `public` unless the URL says otherwise). */
export const PRISMA_TABLE = '_prisma_migrations';

/** Reads a Prisma Migrate folder as the Prisma CLI lists it: EVERY sub-directory is a migration (one without
 * migration.sql stops `migrate deploy`), in `localeCompare` order of the names — not byte order: `_` and `-` sort
 * before digits. */
export async function loadPrismaFolder(source: FileSource, label: string): Promise<MigrationFolder> {
  const top = (await source.list('')) ?? [];
  const dirs = top.filter((e) => !e.isFile).map((e) => e.name).sort((a, b) => a.localeCompare(b));
  const migrations: Migration[] = await Promise.all(
    dirs.map(async (name, index) => {
      const files = (await source.list(name)) ?? [];
      return { index, tag: name, sqlPath: `${name}/${MIGRATION_SQL}`, sqlExists: files.some((f) => f.isFile && f.name === MIGRATION_SQL) };
    }),
  );
  return {
    system: 'prisma',
    label,
    settings: { ...DEFAULT_SETTINGS, table: PRISMA_TABLE, schema: 'public' },
    source,
    journalProblems: [],
    sqlFiles: top.filter((e) => e.isFile && e.name.endsWith('.sql')).map((e) => e.name).sort(),
    snapshots: [],
    migrations,
    display: (path: string) => (label === '.' ? path : posix.join(label, path)),
  };
}

/** The `provider = "…"` of migration_lock.toml, null when the file is absent, '' when it names none. */
export async function lockProvider(source: FileSource): Promise<string | null> {
  const read = await source.read(LOCK_FILE);
  if (!read.ok) return null;
  return /^\s*provider\s*=\s*"([^"]*)"/m.exec(read.data.toString('utf8'))?.[1] ?? '';
}
